// Approve, Reject, Cancel and Retry on deletion messages: ack, decide in the domain
// (src/peering/decide-deletion.ts), answer. Every click that changes nothing (too late, not allowed,
// own request, a freeze) gets a private answer.

import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import {
  type DeleteNotStarted,
  type DeletionDecisionOutcome,
  decideDeletion,
} from '../../peering/decide-deletion';
import type { DeletionDecision } from '../../peering/deletion';
import { retryDeletion } from '../../peering/retry-deletion';
import {
  renderAlreadyApproved,
  renderAlreadyDecided,
  renderNotApprover,
  renderNothingToRetry,
  renderNotRequester,
  renderOwnRequest,
} from '../views/deletion-replies';
import { renderDeleteFailed, renderRetryStarted } from '../views/deletion-request';
import { answerWhereClicked } from './answer';
import type { HandlerDeps } from './deps';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const UNKNOWN = ':question: This deletion request is not known to vpc-peer. Nothing changed.';

/** The private answer to a refused decision. */
async function refusalText(
  deps: HandlerDeps,
  refusal: Extract<DeletionDecisionOutcome, { kind: 'refused' }>,
): Promise<string> {
  if (refusal.why === 'not-requester') return renderNotRequester(refusal.request);
  const mentions = await deps.approvers.mentions(refusal.approvers);
  return refusal.why === 'own-request' ? renderOwnRequest(mentions) : renderNotApprover(mentions);
}

/** A delete the queue refused to start: the clicker hears it with a reference and the Retry button. */
async function tellNotStarted(respond: ButtonArgs['respond'], failed: DeleteNotStarted): Promise<void> {
  await respond({
    response_type: 'ephemeral',
    replace_original: false,
    ...(failed.record
      ? renderDeleteFailed(failed.record, failed.request, failed.failure, failed.reference)
      : { text: `:x: The peering was not deleted: ${failed.failure}. Reference: ${failed.reference}` }),
  });
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
    const outcome = await decideDeletion(
      { ...deps, logger: log },
      { requestId: action.value ?? '', decision, userId, channelId: body.channel?.id },
    );
    switch (outcome.kind) {
      case 'unknown':
        return tell(UNKNOWN);
      case 'already-decided':
        return tell(renderAlreadyDecided(outcome.request));
      case 'refused':
        return tell(await refusalText(deps, outcome));
      case 'frozen':
        return tell(outcome.refusal);
      case 'already-approved':
        return tell(renderAlreadyApproved(outcome.request));
      case 'decided':
        if (outcome.notStarted) return tellNotStarted(respond, outcome.notStarted);
        if (outcome.messageNotQueued)
          return tell(
            `:warning: Your decision is recorded, but vpc-peer could not update the request message just now (reference: ${outcome.messageNotQueued}).`,
          );
    }
  };
}

export function makeDeletionRetryHandler(deps: HandlerDeps) {
  return async ({ ack, body, action, respond, client }: ButtonArgs): Promise<void> => {
    await ack();
    const userId = body.user.id;
    const log = deps.logger.child({ userId, requestId: action.value });
    const tell = answerWhereClicked({ body, respond, client, log });
    const outcome = await retryDeletion(
      { ...deps, logger: log },
      { requestId: action.value ?? '', userId, channelId: body.channel?.id },
    );
    switch (outcome.kind) {
      case 'unknown':
        return tell(UNKNOWN);
      case 'nothing-to-retry':
        return tell(renderNothingToRetry(outcome.request));
      case 'refused':
        return tell(renderNotApprover(await deps.approvers.mentions(outcome.approvers)));
      case 'frozen':
        return tell(outcome.refusal);
      case 'not-started':
        return tellNotStarted(respond, outcome.notStarted);
      case 'retried':
        // The Retry button goes away: the message now says who pressed it.
        if (outcome.record)
          await respond({
            replace_original: true,
            ...renderRetryStarted(outcome.record, userId, outcome.failure),
          });
    }
  };
}
