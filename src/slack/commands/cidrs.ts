// `/vpc-peer cidrs <id>`: opens the "Edit extra CIDRs" modal for a live peering. Reads the store
// only: the modal must open within the trigger_id's 3 seconds; Aiven is called by the worker.
import type { PeeringRecord } from '../../peering/model';
import { findInOverview } from '../../peering/overview';
import { knownExtraCidrs, mayEditCidrs } from '../../peering/peer-cidrs';
import { STATE_DESCRIPTIONS } from '../../peering/states';
import { checkFreeze, freezeClickRefusal, freezeRefusalWithoutReason } from '../../policy/freeze';
import { describeRefusal, describeRefusalPlain } from '../../policy/guardrails';
import type { SubcommandHandler } from '../handlers/command';
import type { HandlerDeps } from '../handlers/deps';
import { refuseChange } from '../handlers/refusals';
import { loadOverview } from '../overview-source';
import { escapeText } from '../views/blocks';
import { STATUS_ID_KINDS } from '../views/status';

export const CIDRS_USAGE = `Usage: \`/vpc-peer cidrs <id>\`, where the id is ${STATUS_ID_KINDS}.`;

/** The peering's record for an edit, or why it cannot be edited, in plain words. */
export async function recordForCidrEdit(
  deps: HandlerDeps,
  id: string,
): Promise<{ record: PeeringRecord } | { problem: string }> {
  // The list Aiven last reported (the snapshot, at most a minute old) wins over the record's: someone
  // may have changed it in the Console or the API.
  const { overview, snapshot } = await loadOverview(deps.store, deps.organizationId);
  const matches = findInOverview(overview, id);
  if (matches.length > 1) {
    return {
      problem: `${matches.length} peerings match \`${escapeText(id)}\`: name one by its Aiven peering id or pcx id.`,
    };
  }
  const line = matches[0]?.line;
  const stored = line?.record ?? (await deps.store.getPeering(id));
  const record = stored && {
    ...stored,
    extraCidrs: knownExtraCidrs(stored, line?.aiven, snapshot?.fetchedAt),
  };
  if (!record)
    return { problem: `:mag: I found no peering with the id \`${escapeText(id)}\`. ${CIDRS_USAGE}` };
  if (!mayEditCidrs(record)) {
    return {
      problem: `This peering is *${STATE_DESCRIPTIONS[record.state].label}*: only a live peering that Aiven has created can have its CIDRs edited.`,
    };
  }
  return { record };
}

/**
 * The policy file's account ownership (README "Policy file"): only the team that owns the peering's
 * AWS account edits what Aiven routes towards it, and nobody during a change freeze (no reason field
 * here, so no override). The refusal in words, or undefined.
 */
export async function refuseCidrEdit(
  deps: HandlerDeps,
  who: { userId: string; channelId: string | undefined },
  record: PeeringRecord,
  plain = false,
): Promise<string | undefined> {
  const owned = await deps.guardrails?.refuseAccount({
    userId: who.userId,
    accountId: record.spec.awsAccountId,
    channelId: who.channelId,
  });
  if (!owned) {
    const verdict = await checkFreeze(deps.guardrails, {
      now: deps.clock.now(),
      userId: who.userId,
      what: 'editing the CIDRs of a peering',
    });
    return plain ? freezeRefusalWithoutReason(verdict) : freezeClickRefusal(verdict);
  }
  const action = 'edit the CIDRs of its peerings';
  return plain ? describeRefusalPlain(owned, action) : describeRefusal(owned, action);
}

export function makeCidrsCommand(deps: HandlerDeps): SubcommandHandler {
  return async ({ command, ack, client, context, args, log }) => {
    const tell = (text: string) => ack({ response_type: 'ephemeral', text });
    const [id, ...extra] = args;
    if (!id || extra.length > 0) {
      await tell(CIDRS_USAGE);
      return;
    }
    const refusal = refuseChange(deps.policy, command.user_id, command.channel_id);
    if (refusal) {
      log.warn('refused: not a requester or not an allowed channel');
      await tell(refusal);
      return;
    }
    if (context.retryNum !== undefined) {
      await ack();
      return;
    }
    const found = await recordForCidrEdit(deps, id);
    if ('problem' in found) {
      await tell(found.problem);
      return;
    }
    const owned = await refuseCidrEdit(
      deps,
      { userId: command.user_id, channelId: command.channel_id },
      found.record,
    );
    if (owned) {
      log.warn({ peeringId: found.record.id }, 'CIDR edit refused by the policy file');
      await tell(owned);
      return;
    }
    await ack();
    const { renderCidrForm } = await import('../views/cidr-form.js');
    await client.views.open({
      trigger_id: command.trigger_id,
      view: renderCidrForm(found.record, { peeringId: found.record.id, channelId: command.channel_id }),
    });
  };
}
