// Approve, Reject, Cancel and Retry on deletion messages. The first decision wins in the store; every
// other click (too late, not allowed, own request) gets a private answer and changes nothing.

import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Logger } from '../../logger';
import { logAudit, recordAudit } from '../../peering/audit';
import {
  type AuditEvent,
  BOT_ACTOR,
  type DeletionDecision,
  type DeletionRequest,
  decisionEvent,
  isExpired,
  StaleDeletionRequestError,
  writeWithRereads,
} from '../../peering/deletion';
import { expireDeletionRequest } from '../../peering/expire-deletions';
import { type Job, JobsNotQueuedError } from '../../peering/ports';
import type { Approval, ApprovalResult } from '../../peering/quorum';
import { checkFreeze, freezeClickRefusal } from '../../policy/freeze';
import {
  renderAlreadyApproved,
  renderAlreadyDecided,
  renderNotApprover,
  renderNothingToRetry,
} from '../views/deletion-replies';
import { renderDeleteFailed, renderRetryStarted } from '../views/deletion-request';
import { answerWhereClicked } from './answer';
import { checkDecision, ruleFor } from './deletion-authority';
import type { HandlerDeps } from './deps';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const UNKNOWN = ':question: This deletion request is not known to vpc-peer. Nothing changed.';

function showJob(request: DeletionRequest, why: string) {
  return {
    kind: 'show-deletion-request' as const,
    id: `show-deletion-request:${request.id}:${why}`,
    requestId: request.id,
  };
}

export function makeDeletionDecisionHandler(
  deps: HandlerDeps,
  decision: Exclude<DeletionDecision, 'expired'>,
) {
  return async ({ ack, body, action, respond, client }: ButtonArgs): Promise<void> => {
    await ack();
    const userId = body.user.id;
    const log = deps.logger.child({ userId, requestId: action.value, decision });
    const tell = answerWhereClicked({ body, respond, client, log });
    const request = await deps.store.getDeletionRequest(action.value ?? '');
    if (!request) return tell(UNKNOWN);
    if (request.status !== 'open') return tell(renderAlreadyDecided(request));
    const now = deps.clock.now();
    if (isExpired(request, now)) {
      // The poller may not have run yet: a click on an expired request expires it, never decides it.
      const showDecision = async (expired: DeletionRequest) =>
        deps.queue.enqueue(showJob(expired, 'decided'));
      await expireDeletionRequest({ ...deps, logger: log, showDecision }, request);
      const current = (await deps.store.getDeletionRequest(request.id)) ?? request;
      return tell(renderAlreadyDecided(current));
    }
    const check = await checkDecision(deps, request, decision, userId);
    if ('refusal' in check) {
      log.warn('deletion decision refused');
      return tell(check.refusal);
    }
    const event = {
      ...decisionEvent(request, decision, userId, now),
      ...(body.channel?.id ? { channelId: body.channel.id } : {}),
    };
    if (decision === 'approved') {
      // Rejecting or cancelling changes nothing, so only approvals wait for a freeze to end.
      const frozen = freezeClickRefusal(
        await checkFreeze(deps.guardrails, { now, userId, what: 'approving a deletion' }),
      );
      if (frozen) {
        log.warn('deletion approval refused by a change freeze');
        return tell(frozen);
      }
      const approval = { userId, at: now.toISOString(), basis: check.basis };
      return approve(deps, request, approval, event, { log, tell, respond });
    }
    // The decision and its job (the message update) are one write (outbox).
    const show = showJob(request, 'decided');
    const jobs = [show];
    let decided: DeletionRequest;
    let won: boolean;
    let notQueued: readonly Job[] = [];
    try {
      ({ request: decided, won } = await deps.store.decideDeletionRequest(request.id, decision, event, jobs));
    } catch (error) {
      if (!(error instanceof JobsNotQueuedError)) throw error;
      // The decision is stored; some of its jobs did not reach the queue.
      log.error({ err: error.cause, jobs: error.jobs.map((j) => j.id) }, 'could not queue the decision jobs');
      decided = (await deps.store.getDeletionRequest(request.id)) ?? request;
      won = true;
      notQueued = error.jobs;
    }
    if (!won) return tell(renderAlreadyDecided(decided));
    logAudit(log, event);
    await reportNotQueued(deps, decided, notQueued, show, { log, tell, respond });
  };
}

interface ClickReply {
  log: Logger;
  tell: (text: string) => Promise<void>;
  respond: ButtonArgs['respond'];
}

/** Jobs of a stored decision that did not reach the queue: a lost delete is a failed attempt (Retry). */
async function reportNotQueued(
  deps: HandlerDeps,
  decided: DeletionRequest,
  notQueued: readonly Job[],
  show: Job,
  { log, tell, respond }: ClickReply,
): Promise<void> {
  const deleteLost = notQueued.some((job) => job.kind === 'delete-peering');
  if (deleteLost) await deleteNotQueued(deps, decided, log, respond, deleteJob(decided.id, 1).id);
  if (notQueued.some((job) => job.id === show.id) && !deleteLost) {
    const reference = `${decided.id}/${show.id}`;
    log.error({ reference }, 'could not queue the request message update');
    // One private answer per click: a failed start has said the more important thing already.
    await tell(
      `:warning: Your decision is recorded, but vpc-peer could not update the request message just now (reference: ${reference}).`,
    );
  }
}

/**
 * One approval: its own conditional write, counted once per approver. The write that completes the
 * quorum approves the request and carries the delete job; the others only update the message.
 */
async function approve(
  deps: HandlerDeps,
  request: DeletionRequest,
  approval: Approval,
  event: AuditEvent,
  reply: ClickReply,
): Promise<void> {
  const show = showJob(request, `approval-${approval.userId}`);
  const complete = [deleteJob(request.id, 1), show];
  let result: ApprovalResult;
  let notQueued: readonly Job[] = [];
  try {
    result = await deps.store.approveDeletionRequest(request.id, approval, event, {
      counted: [show],
      complete,
    });
  } catch (error) {
    if (!(error instanceof JobsNotQueuedError)) throw error;
    reply.log.error(
      { err: error.cause, jobs: error.jobs.map((j) => j.id) },
      'could not queue the approval jobs',
    );
    const stored = (await deps.store.getDeletionRequest(request.id)) ?? request;
    result = { kind: stored.status === 'approved' ? 'complete' : 'counted', request: stored, event };
    notQueued = error.jobs;
  }
  if (result.kind !== 'counted' && result.kind !== 'complete')
    return reply.tell(
      result.kind === 'decided'
        ? renderAlreadyDecided(result.request)
        : renderAlreadyApproved(result.request),
    );
  logAudit(reply.log, result.event);
  await reportNotQueued(deps, result.request, notQueued, show, reply);
}

function deleteJob(requestId: string, attempt: number): Extract<Job, { kind: 'delete-peering' }> {
  return { kind: 'delete-peering', id: `delete-peering:${requestId}:${attempt}`, requestId, attempt };
}

/** Why a delete attempt did not start when the queue refused its job. */
const NOT_QUEUED = 'vpc-peer could not start it (its job queue was unavailable)';

/**
 * Queues the current attempt's delete job (Retry). If the queue refuses it, the attempt is recorded as
 * failed, so Retry (for approvers) starts it again instead of the request staying approved with nothing
 * to run, and the clicker hears it with a reference and the Retry button.
 */
async function queueDeleteJob(
  deps: HandlerDeps,
  request: DeletionRequest,
  log: Logger,
  respond: ButtonArgs['respond'],
): Promise<boolean> {
  const job = deleteJob(request.id, request.attempt);
  try {
    await deps.queue.enqueue(job);
    return true;
  } catch (error) {
    log.error({ err: error }, 'could not queue the delete job');
    await deleteNotQueued(deps, request, log, respond, job.id);
    return false;
  }
}

async function deleteNotQueued(
  deps: HandlerDeps,
  request: DeletionRequest,
  log: Logger,
  respond: ButtonArgs['respond'],
  jobId: string,
): Promise<void> {
  const reference = `${request.id}/${jobId}`;
  log.error({ reference }, 'the delete job was not queued');
  const failed = await writeWithRereads(
    request,
    async (current) =>
      current.attempt === request.attempt && !current.failure
        ? deps.store.updateDeletionRequest(current.id, current.version, { failure: NOT_QUEUED })
        : current,
    () => deps.store.getDeletionRequest(request.id),
    (e) => e instanceof StaleDeletionRequestError,
  );
  await recordAudit(deps.store, log, {
    peeringId: request.peeringId,
    action: 'deletion-failed',
    actor: BOT_ACTOR,
    at: deps.clock.now().toISOString(),
    requestId: request.id,
    detail: `${NOT_QUEUED} (reference: ${reference})`,
  });
  const record = await deps.store.getPeering(request.peeringId);
  await respond({
    response_type: 'ephemeral',
    replace_original: false,
    ...(record
      ? renderDeleteFailed(record, failed, NOT_QUEUED, reference)
      : { text: `:x: The peering was not deleted: ${NOT_QUEUED}. Reference: ${reference}` }),
  });
}

export function makeDeletionRetryHandler(deps: HandlerDeps) {
  return async ({ ack, body, action, respond, client }: ButtonArgs): Promise<void> => {
    await ack();
    const userId = body.user.id;
    const log = deps.logger.child({ userId, requestId: action.value });
    const tell = answerWhereClicked({ body, respond, client, log });
    const request = await deps.store.getDeletionRequest(action.value ?? '');
    if (!request) return tell(UNKNOWN);
    if (request.status !== 'approved' || !request.failure) return tell(renderNothingToRetry(request));
    // The approvers of the request's rule may retry (as they may approve).
    const rule = await ruleFor(deps, request);
    if (!(await deps.approvers.basis(userId, rule.approvers)))
      return tell(renderNotApprover(await deps.approvers.mentions(rule.approvers)));
    const frozen = freezeClickRefusal(
      await checkFreeze(deps.guardrails, {
        now: deps.clock.now(),
        userId,
        what: 'retrying a deletion',
      }),
    );
    if (frozen) {
      log.warn('deletion retry refused by a change freeze');
      return tell(frozen);
    }
    let retried: DeletionRequest;
    try {
      retried = await deps.store.updateDeletionRequest(request.id, request.version, {
        attempt: request.attempt + 1,
        failure: undefined,
      });
    } catch (error) {
      if (error instanceof StaleDeletionRequestError) return tell(renderNothingToRetry(request));
      throw error;
    }
    await recordAudit(deps.store, log, {
      peeringId: request.peeringId,
      action: 'deletion-retried',
      actor: userId,
      at: deps.clock.now().toISOString(),
      requestId: request.id,
      ...(body.channel?.id ? { channelId: body.channel.id } : {}),
    });
    if (!(await queueDeleteJob(deps, retried, log, respond))) return;
    const record = await deps.store.getPeering(request.peeringId);
    // The Retry button goes away: the message now says who pressed it.
    if (record)
      await respond({ replace_original: true, ...renderRetryStarted(record, userId, request.failure) });
  };
}
