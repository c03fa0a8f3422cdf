// Who may decide a deletion request, and on what authority: the requester may cancel; approvers of the
// request's rule (src/peering/quorum.ts) may approve or reject, never their own request.
import type { DeletionDecision, DeletionRequest } from '../../peering/deletion';
import type { ApprovalRule } from '../../peering/quorum';
import { ruleOf } from '../approvers';
import { renderNotApprover, renderNotRequester, renderOwnRequest } from '../views/deletion-replies';
import type { HandlerDeps } from './deps';

/** The rule a request waits on (requests stored before quorums: today's rule for its org VPC). */
export async function ruleFor(deps: HandlerDeps, request: DeletionRequest): Promise<ApprovalRule> {
  if (request.approvers && request.required) return ruleOf(request, { approvers: [], required: 1 });
  const record = await deps.store.getPeering(request.peeringId);
  return ruleOf(request, deps.approvalRules.approvalRuleFor(record?.orgVpc.name ?? ''));
}

/**
 * Who may make this decision: the private answer for a refusal, otherwise the authority the clicker
 * acts on (for Cancel: being the requester).
 */
export async function checkDecision(
  deps: HandlerDeps,
  request: DeletionRequest,
  decision: Exclude<DeletionDecision, 'expired'>,
  userId: string,
): Promise<{ refusal: string } | { basis: string }> {
  if (decision === 'cancelled')
    return userId === request.requestedBy
      ? { basis: 'the requester' }
      : { refusal: renderNotRequester(request) };
  const rule = await ruleFor(deps, request);
  // The requester never counts towards a quorum, even as an approver.
  if (userId === request.requestedBy)
    return { refusal: renderOwnRequest(await deps.approvers.mentions(rule.approvers)) };
  const basis = await deps.approvers.basis(userId, rule.approvers);
  return basis ? { basis } : { refusal: renderNotApprover(await deps.approvers.mentions(rule.approvers)) };
}
