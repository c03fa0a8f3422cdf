// "Replace conflicting routes" with a policy file: the answers to a team member's Replace click (it
// asks for approval) and to Approve and Reject on the request's message. Ack, decide in the domain
// (src/peering/decide-replace.ts), answer privately where clicked.
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ReplaceRequest } from '../../peering/accept/model';
import { decideReplace, type ReplaceAskOutcome } from '../../peering/decide-replace';
import { parseAcceptButtonValue } from '../views/accept';
import { slackDate } from '../views/deletion-request';
import { answerWhereClicked } from './answer';
import type { HandlerDeps } from './deps';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const plural = (n: number) => (n > 1 ? 's' : '');

/** The private answer to a team member's Replace click. */
export async function replaceAskText(deps: HandlerDeps, asked: ReplaceAskOutcome): Promise<string> {
  switch (asked.kind) {
    case 'no-approvers':
      return ':no_entry: *Replace conflicting routes* changes a route someone else made, so it needs an approver, and none is set up (`approvals.approvers` in the policy file). Nothing changed.';
    case 'stale':
      return 'Nothing to do: this round was already decided. Use the latest message in the thread.';
    case 'rejected':
      return `:no_entry_sign: Replacing these routes was rejected by <@${asked.request.decidedBy}>; the first rejection ends it. Nothing changed: fix the routes in AWS if they must change.`;
    case 'open-already':
      return `:information_source: <@${asked.request.requestedBy}> already asked to replace these routes; the request in the thread waits for approvers. Nothing changed.`;
    case 'asked': {
      const { rule } = asked;
      return `:hourglass_flowing_sand: Replacing these routes changes routes someone else made, so it waits for ${rule.required} approver${plural(rule.required)} other than you: ${await deps.approvers.mentions(rule.approvers)}. The request is in the thread; no route changed yet.`;
    }
  }
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
    if (!value) return tell(alreadyDecided(undefined));
    const outcome = await decideReplace(
      { ...deps, logger: log },
      { ...value, decision, userId, channelId: body.channel?.id },
    );
    switch (outcome.kind) {
      case 'already-decided':
        return tell(alreadyDecided(outcome.request));
      case 'refused': {
        const who = await deps.approvers.mentions(outcome.approvers);
        return tell(
          outcome.why === 'own-request'
            ? `:no_entry: You asked to replace these routes, so another approver must decide (approvers: ${who}). Nothing changed.`
            : `:no_entry: Only an approver may approve or reject replacing routes; ask one of them: ${who}. Nothing changed.`,
        );
      }
      case 'frozen':
      case 'not-acceptable':
        return tell(outcome.refusal);
      case 'already-approved':
        return tell(
          `:information_source: Your approval already counts (${outcome.request.approvals.length} of ${outcome.request.required} approvals); a second click does not count again. Nothing changed.`,
        );
      default:
        // Counted, approved or rejected: the request message in the thread shows it.
        return;
    }
  };
}
