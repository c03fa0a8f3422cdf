// Approve, Reject, Cancel and Retry on deletion messages. The first decision wins in the store; every
// other click (too late, not allowed, own request) gets a private answer and changes nothing.
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { logAudit, recordAudit } from '../../peering/audit';
import {
  type DeletionDecision,
  type DeletionRequest,
  decisionEvent,
  isExpired,
  StaleDeletionRequestError,
} from '../../peering/deletion';
import { expireDeletionRequest } from '../../peering/expire-deletions';
import {
  renderAlreadyDecided,
  renderNotApprover,
  renderNothingToRetry,
  renderNotRequester,
  renderOwnRequest,
} from '../views/deletion-replies';
import { renderRetryStarted } from '../views/deletion-request';
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

/** Who may make this decision; undefined means allowed, otherwise the private answer. */
async function refuseDecision(
  deps: HandlerDeps,
  request: DeletionRequest,
  decision: Exclude<DeletionDecision, 'expired'>,
  userId: string,
): Promise<string | undefined> {
  if (decision === 'cancelled')
    return userId === request.requestedBy ? undefined : renderNotRequester(request);
  if (userId === request.requestedBy) return renderOwnRequest();
  return (await deps.policy.mayApprove(userId)) ? undefined : renderNotApprover();
}

export function makeDeletionDecisionHandler(
  deps: HandlerDeps,
  decision: Exclude<DeletionDecision, 'expired'>,
) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const userId = body.user.id;
    const log = deps.logger.child({ userId, requestId: action.value, decision });
    const tell = async (text: string) => {
      await respond({ response_type: 'ephemeral', replace_original: false, text });
    };
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
    const refusal = await refuseDecision(deps, request, decision, userId);
    if (refusal) {
      log.warn('deletion decision refused');
      return tell(refusal);
    }
    const event = {
      ...decisionEvent(request, decision, userId, now),
      ...(body.channel?.id ? { channelId: body.channel.id } : {}),
    };
    const { request: decided, won } = await deps.store.decideDeletionRequest(request.id, decision, event);
    if (!won) return tell(renderAlreadyDecided(decided));
    logAudit(log, event);
    await deps.queue.enqueue(showJob(decided, 'decided'));
    if (decision === 'approved') {
      await deps.queue.enqueue({
        kind: 'delete-peering',
        id: `delete-peering:${decided.id}:${decided.attempt}`,
        requestId: decided.id,
        attempt: decided.attempt,
      });
    }
  };
}

export function makeDeletionRetryHandler(deps: HandlerDeps) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const userId = body.user.id;
    const log = deps.logger.child({ userId, requestId: action.value });
    const tell = async (text: string) => {
      await respond({ response_type: 'ephemeral', replace_original: false, text });
    };
    const request = await deps.store.getDeletionRequest(action.value ?? '');
    if (!request) return tell(UNKNOWN);
    if (request.status !== 'approved' || !request.failure) return tell(renderNothingToRetry(request));
    if (!(await deps.policy.mayApprove(userId))) return tell(renderNotApprover());
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
    await deps.queue.enqueue({
      kind: 'delete-peering',
      id: `delete-peering:${retried.id}:${retried.attempt}`,
      requestId: retried.id,
      attempt: retried.attempt,
    });
    const record = await deps.store.getPeering(request.peeringId);
    // The Retry button goes away: the message now says who pressed it.
    if (record)
      await respond({ replace_original: true, ...renderRetryStarted(record, userId, request.failure) });
  };
}
