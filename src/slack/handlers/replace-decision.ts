// "Replace conflicting routes" with a policy file: a team member's click asks for approval (nothing
// changes yet), then Approve and Reject on the request's message. Each is one compare-and-set of the
// accept record (replace-approval.ts), so concurrent clicks count once each and the approval that
// completes the quorum is the only one that queues the run. Like a deletion: the requester never
// counts, the first rejection ends it, every approval names the rule it satisfied.
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { updateAccept } from '../../peering/accept/accept-record';
import { acceptRefusal } from '../../peering/accept/deletion-guard';
import type { ReplaceRequest } from '../../peering/accept/model';
import {
  approveReplace,
  askReplace,
  type ReplaceAsk,
  type ReplaceDecision,
  rejectReplace,
  replaceRunJobId,
} from '../../peering/accept/replace-approval';
import { recordAudit } from '../../peering/audit';
import type { PeeringRecord } from '../../peering/model';
import { checkFreeze, freezeClickRefusal } from '../../policy/freeze';
import { parseAcceptButtonValue } from '../views/accept';
import { slackDate } from '../views/deletion-request';
import { answerWhereClicked } from './answer';
import type { HandlerDeps } from './deps';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const showJob = (peeringId: string, round: number, why: string) => ({
  kind: 'show-replace-request' as const,
  id: `show-replace-request:${peeringId}:${round}:${why}`,
  peeringId,
  round,
});

/** A team member's Replace click: opens the request (once per round) and queues its message. */
export async function askReplaceApproval(
  deps: HandlerDeps,
  input: { record: PeeringRecord; round: number; userId: string; channelId: string | undefined },
  tell: (text: string) => Promise<unknown>,
): Promise<void> {
  const { record, round, userId } = input;
  const rule = deps.approvalRules.approvalRuleFor(record.orgVpc.name);
  if (rule.approvers.length === 0) {
    await tell(
      ':no_entry: *Replace conflicting routes* changes a route someone else made, so it needs an approver, and none is set up (`approvals.approvers` in the policy file). Nothing changed.',
    );
    return;
  }
  const at = deps.clock.now().toISOString();
  let asked: ReplaceAsk = { kind: 'stale' };
  await updateAccept(deps.store, record.id, (_r, accept) => {
    asked = askReplace(accept, { round, userId, rule, at });
    return asked.kind === 'asked' ? asked.next : undefined;
  });
  const outcome = asked as ReplaceAsk;
  if (outcome.kind === 'stale') {
    await tell('Nothing to do: this round was already decided. Use the latest message in the thread.');
    return;
  }
  if (outcome.kind === 'rejected') {
    await tell(
      `:no_entry_sign: Replacing these routes was rejected by <@${outcome.request.decidedBy}>; the first rejection ends it. Nothing changed: fix the routes in AWS if they must change.`,
    );
    return;
  }
  if (outcome.kind === 'open-already') {
    await tell(
      `:information_source: <@${outcome.request.requestedBy}> already asked to replace these routes; the request in the thread waits for approvers. Nothing changed.`,
    );
    return;
  }
  await recordAudit(deps.store, deps.logger, {
    peeringId: record.id,
    action: 'replace-requested',
    actor: userId,
    at,
    ...(input.channelId ? { channelId: input.channelId } : {}),
    detail: `round ${round}; needs ${rule.required} approval${rule.required > 1 ? 's' : ''}`,
  });
  await deps.queue.enqueue(showJob(record.id, round, `asked:${at}`));
  await tell(
    `:hourglass_flowing_sand: Replacing these routes changes routes someone else made, so it waits for ${rule.required} approver${rule.required > 1 ? 's' : ''} other than you: ${await deps.approvers.mentions(rule.approvers)}. The request is in the thread; no route changed yet.`,
  );
}

function alreadyDecided(request: ReplaceRequest | undefined): string {
  if (!request || request.status === 'open')
    return ':information_source: This request is no longer open. Nothing changed.';
  const when = request.decidedAt ? ` ${slackDate(request.decidedAt)}` : '';
  return `:information_source: This request was already ${request.status}${request.status === 'rejected' ? ` by <@${request.decidedBy}>` : ''}${when}. Nothing changed.`;
}

export function makeReplaceDecisionHandler(deps: HandlerDeps, decision: 'approve' | 'reject') {
  return async ({ ack, body, action, respond, client }: ButtonArgs): Promise<void> => {
    await ack();
    const userId = body.user.id;
    const log = deps.logger.child({ userId, decision, component: 'replace-approval' });
    const tell = answerWhereClicked({ body, respond, client, log });
    const value = parseAcceptButtonValue(action.value);
    const record = value && (await deps.store.getPeering(value.peeringId));
    const request = record?.accept?.replaceRequest;
    if (!value || !record || !request || request.round !== value.round)
      return tell(alreadyDecided(undefined));
    if (request.status !== 'open') return tell(alreadyDecided(request));
    const who = await deps.approvers.mentions(request.approvers);
    // The requester never counts, even as an approver.
    if (userId === request.requestedBy)
      return tell(
        `:no_entry: You asked to replace these routes, so another approver must decide (approvers: ${who}). Nothing changed.`,
      );
    const basis = await deps.approvers.basis(userId, request.approvers);
    if (!basis)
      return tell(
        `:no_entry: Only an approver may approve or reject replacing routes; ask one of them: ${who}. Nothing changed.`,
      );
    const now = deps.clock.now();
    const at = now.toISOString();
    if (decision === 'approve') {
      const frozen = freezeClickRefusal(
        await checkFreeze(deps.guardrails, { now, userId, what: 'replacing routes' }),
      );
      if (frozen) return tell(frozen);
      const refusal = await acceptRefusal(deps.store, record);
      if (refusal) return tell(refusal);
    }
    const runJobId = replaceRunJobId(record.id, request);
    let result: ReplaceDecision = { kind: 'decided', request };
    await updateAccept(deps.store, record.id, (_r, accept) => {
      result =
        decision === 'approve'
          ? approveReplace(accept, { round: value.round, approval: { userId, at, basis }, runJobId })
          : rejectReplace(accept, { round: value.round, userId, at, basis });
      return 'next' in result ? result.next : undefined;
    });
    const decided = result as ReplaceDecision;
    if (decided.kind === 'already-approved')
      return tell(
        `:information_source: Your approval already counts (${decided.request.approvals.length} of ${decided.request.required} approvals); a second click does not count again. Nothing changed.`,
      );
    if (decided.kind === 'decided') return tell(alreadyDecided(decided.request));
    await recordAudit(deps.store, log, {
      peeringId: record.id,
      action:
        decided.kind === 'counted'
          ? 'replace-approval-counted'
          : decided.kind === 'complete'
            ? 'replace-approved'
            : 'replace-rejected',
      actor: userId,
      at,
      ...(body.channel?.id ? { channelId: body.channel.id } : {}),
      detail: decided.tally,
    });
    await deps.queue.enqueue(showJob(record.id, value.round, `${decision}:${userId}`));
    if (decided.kind !== 'complete') return;
    // This write decided the round for the run: the job resumes it (a lost job is ended by the
    // sweeper, which leaves Retry).
    log.info({ peeringId: record.id, jobId: runJobId }, 'Replace approved; run queued');
    await deps.queue.enqueue({
      kind: 'apply-accept',
      id: runJobId,
      peeringId: record.id,
      round: value.round,
      mode: 'replace',
      userId: request.requestedBy,
    });
  };
}
