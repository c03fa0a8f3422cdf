// Submission of the create modal: validate, refuse duplicates, record the request and queue the
// create job. Aiven is not called here (Slack's 3 seconds); the worker does that.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { recordAudit } from '../../peering/audit';
import { DuplicatePeeringError } from '../../peering/errors';
import { createPeeringJob } from '../../peering/job-ids';
import type { PeeringRecord } from '../../peering/model';
import { specKey } from '../../peering/model';
import { usedCidrsIn } from '../../peering/peer-cidrs';
import { peerWords } from '../../peering/peer-words';
import { JobsNotQueuedError } from '../../peering/ports';
import {
  findExistingPeering,
  type PeeringRequestInput,
  type RequestField,
  validatePeeringRequest,
} from '../../peering/rules';
import { checkFreeze } from '../../policy/freeze';
import { describeRefusalPlain } from '../../policy/guardrails';
import { loadOverview } from '../overview-source';
import type { Policy } from '../policy';
import {
  CHANNEL_BLOCK,
  type CreateFormContext,
  FIELD_BLOCKS,
  parseCreateFormContext,
} from '../views/create-form';
import { readFreezeOverride } from '../views/freeze-override';
import type { HandlerDeps } from './deps';

/** Requests one form may make after its earlier ones could not be queued. */
const MAX_RESUBMISSIONS = 5;
/** stateInfo.type of a request closed because its job could not be queued: the form may resubmit. */
const NOT_QUEUED = 'vpc-peer-not-queued';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type Errors = Partial<Record<RequestField, string>>;

function readInput(view: ViewSubmitAction['view']): PeeringRequestInput {
  const value = (field: RequestField): string | undefined => {
    const { blockId, actionId } = FIELD_BLOCKS[field];
    const state = view.state.values[blockId]?.[actionId];
    return state?.selected_option?.value ?? state?.value ?? undefined;
  };
  return {
    orgVpcId: value('orgVpcId'),
    awsAccountId: value('awsAccountId'),
    awsRegion: value('awsRegion'),
    awsVpcId: value('awsVpcId'),
    extraCidrs: value('extraCidrs'),
  };
}

function toSlackErrors(errors: Errors): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors) as [RequestField, string][]) {
    out[FIELD_BLOCKS[field].blockId] = message;
  }
  return out;
}

/**
 * Where the request goes: the channel the command was typed in, or (from the Home tab) the one chosen
 * in the form, which ALLOWED_CHANNELS must allow as it would for the command.
 */
function chosenChannel(
  context: CreateFormContext,
  view: ViewSubmitAction['view'],
  policy: Policy,
): { channelId: string } | { problem: string } {
  if ('channelId' in context) return { channelId: context.channelId };
  const chosen = view.state.values[CHANNEL_BLOCK.blockId]?.[CHANNEL_BLOCK.actionId]?.selected_conversation;
  if (!chosen) return { problem: 'Choose the channel where the request and its thread are posted.' };
  if (!policy.mayUseChannel(chosen)) {
    // Plain text: Slack shows errors without mrkdwn, so channel mentions would not render.
    return {
      problem: `Peerings are requested only in the channels of ALLOWED_CHANNELS (${policy.allowedChannels.join(', ')}). Choose one of those.`,
    };
  }
  return { channelId: chosen };
}

function describeOpenRequest(existing: PeeringRecord): string {
  const words = peerWords(existing.spec);
  const what = existing.aivenPeeringId
    ? `${words.noun} ${existing.aivenPeeringId}`
    : `request ${existing.id}`;
  const already =
    words.kind === 'vpc-peering'
      ? 'This VPC is already being peered with this organization VPC'
      : 'This Transit Gateway is already being attached to this organization VPC';
  return `${already}: ${what} (${existing.state}), requested by <@${existing.requestedBy}>.`;
}

export function makeSubmitCreateFormHandler(deps: HandlerDeps) {
  return async ({ ack, body, view }: ViewArgs): Promise<void> => {
    const userId = body.user.id;
    const log = deps.logger.child({ userId, viewId: view.id });
    const reject = (errors: Errors) => ack({ response_action: 'errors', errors: toSlackErrors(errors) });

    const context = parseCreateFormContext(view.private_metadata);
    if (!context) {
      log.warn('submission without form context');
      await reject({ orgVpcId: 'This form is out of date. Close it and run /vpc-peer again.' });
      return;
    }
    if (!deps.policy.mayRequest(userId)) {
      await reject({
        orgVpcId: 'You may not request VPC peerings (REQUESTERS). Ask your vpc-peer administrators.',
      });
      return;
    }

    const channel = chosenChannel(context, view, deps.policy);
    // The edit modal's validation too: extra CIDRs another peering of the org VPC routes are refused.
    // A peering of the same AWS VPC is left to the duplicate check below, which names it.
    const { snapshot, overview } = await loadOverview(deps.store, deps.organizationId);
    const input = readInput(view);
    const sameVpc = (input.awsVpcId ?? '').trim().toLowerCase();
    const validation = validatePeeringRequest(input, snapshot?.vpcs.map((d) => d.vpc) ?? [], (orgVpcId) =>
      usedCidrsIn(overview, orgVpcId).filter((used) => used.awsVpcId !== sameVpc),
    );
    if (!validation.ok || 'problem' in channel) {
      await ack({
        response_action: 'errors',
        errors: {
          ...('problem' in channel ? { [CHANNEL_BLOCK.blockId]: channel.problem } : {}),
          ...(validation.ok ? {} : toSlackErrors(validation.errors)),
        },
      });
      return;
    }
    const { spec, orgVpc } = validation;

    const refusal = await deps.guardrails?.refuseAccount({
      userId,
      accountId: spec.awsAccountId,
      channelId: channel.channelId,
    });
    if (refusal) {
      log.warn(
        { awsAccountId: spec.awsAccountId, refusal: refusal.kind },
        'create refused by the policy file',
      );
      const message = describeRefusalPlain(refusal);
      // The wrong channel is fixed in the channel field when the form has one (Home tab).
      await ack({
        response_action: 'errors',
        errors:
          refusal.kind === 'wrong-channel' && !('channelId' in context)
            ? { [CHANNEL_BLOCK.blockId]: message }
            : toSlackErrors({ awsAccountId: message }),
      });
      return;
    }

    const freeze = await checkFreeze(deps.guardrails, {
      now: deps.clock.now(),
      userId,
      what: 'requesting a peering',
      overrideReason: readFreezeOverride(view.state.values),
    });
    if (freeze.kind === 'refused' || freeze.kind === 'needs-reason') {
      log.warn({ awsAccountId: spec.awsAccountId }, 'create refused by a change freeze');
      await reject({ orgVpcId: freeze.message });
      return;
    }

    const existing = findExistingPeering(snapshot, spec, deps.clock.now());
    if (existing) {
      await reject({
        awsVpcId: `This ${peerWords(spec).noun} already exists in Aiven: ${existing.id} (${existing.state}). Use it, or delete it first.`,
      });
      return;
    }

    /** Without a job the record would block this spec forever: close it and let the user retry. */
    const closeNotQueued = async (record: PeeringRecord, error: JobsNotQueuedError) => {
      log.error(
        { err: error.cause, peeringId: record.id, specKey: specKey(spec) },
        'could not queue the create job',
      );
      await deps.store.updatePeering(record.id, record.version, {
        state: 'CREATE_FAILED',
        stateInfo: { type: NOT_QUEUED, message: 'the job queue was unavailable' },
      });
      await reject({ orgVpcId: 'vpc-peer could not queue your request just now. Please submit again.' });
    };

    const now = deps.clock.now().toISOString();
    // The view id makes a retried submission (X-Slack-Retry-Num) land on the same record. A record of
    // this view closed because its job could not be queued (the user was asked to submit again) is
    // not a retry: the resubmission becomes the view's next request.
    let stored: PeeringRecord | undefined;
    for (let n = 1; n <= MAX_RESUBMISSIONS && !stored; n++) {
      const record: PeeringRecord = {
        id: n === 1 ? `req-${view.id}` : `req-${view.id}-${n}`,
        spec,
        orgVpc,
        state: 'REQUESTED',
        requestedBy: userId,
        channelId: channel.channelId,
        ...(freeze.kind === 'override'
          ? { freezeOverride: { by: userId, freeze: freeze.freeze, reason: freeze.reason } }
          : {}),
        createdAt: now,
        updatedAt: now,
        version: 0,
      };
      // The create job is stored with the record (outbox): a crash right after leaves both or neither.
      const createJob = createPeeringJob(
        record.id,
        'responseUrl' in context ? context.responseUrl : undefined,
      );
      let inserted: { record: PeeringRecord; created: boolean };
      try {
        inserted = await deps.store.insertPeering(record, [createJob]);
      } catch (error) {
        if (error instanceof DuplicatePeeringError) {
          await reject({ awsVpcId: describeOpenRequest(error.existing) });
          return;
        }
        if (error instanceof JobsNotQueuedError) {
          await closeNotQueued(record, error);
          return;
        }
        throw error;
      }
      if (inserted.created) {
        stored = inserted.record;
      } else if (inserted.record.stateInfo?.type !== NOT_QUEUED) {
        log.info({ peeringId: inserted.record.id }, 'retried submission; the request is already queued');
        await ack();
        return;
      }
    }
    if (!stored) {
      log.warn('too many resubmissions of one form');
      await reject({ orgVpcId: 'This form was submitted too many times. Close it and run /vpc-peer again.' });
      return;
    }

    if (freeze.kind === 'override') {
      await recordAudit(deps.store, log, {
        peeringId: stored.id,
        action: 'freeze-overridden',
        actor: userId,
        at: now,
        channelId: channel.channelId,
        reason: freeze.reason,
        detail: `Requested during ${freeze.freeze}`,
      });
    }
    log.info({ peeringId: stored.id, specKey: specKey(spec) }, 'peering requested');
    await ack();
  };
}
