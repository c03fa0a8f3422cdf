// Thread replies about a deletion request running out of time: the reminder at 80% of its time to the
// approvers who have not decided, and the note to the requester when it expired.
import type { DeletionRequest } from '../../peering/deletion';
import type { PeeringRecord } from '../../peering/model';
import { approvalsOf, requiredOf } from '../../peering/quorum';
import { escapeText, section } from './blocks';
import { slackDate } from './deletion-request';
import type { SlackMessage } from './peering-message';

const peeringName = (record: PeeringRecord) => `${escapeText(record.orgVpc.name)} ⟷ ${record.spec.awsVpcId}`;

function tally(request: DeletionRequest): string {
  const required = requiredOf(request);
  return required > 1 ? ` (${approvalsOf(request).length} of ${required} approvals so far)` : '';
}

/** `undecided`: mentions of the approvers who have not decided (never empty: nobody to remind, no reply). */
export function renderExpiryWarning(
  request: DeletionRequest,
  record: PeeringRecord,
  undecided: readonly string[],
): SlackMessage {
  const text =
    `:hourglass_flowing_sand: ${undecided.join(', ')}: the request to delete the peering ${peeringName(record)} ` +
    `expires ${slackDate(request.expiresAt)}${tally(request)}. Approve or reject it above; ` +
    'if nobody decides, nothing is deleted.';
  return {
    text: `The deletion request for ${record.spec.awsVpcId} expires soon: ${undecided.join(', ')}`,
    blocks: [section(text)],
  };
}

export function renderExpiredNotice(request: DeletionRequest, record: PeeringRecord): SlackMessage {
  const what = requiredOf(request) > 1 ? `enough approvals${tally(request)}` : 'a decision';
  const text =
    `:hourglass: <@${request.requestedBy}>, your request to delete the peering ${peeringName(record)} ` +
    `expired ${slackDate(request.expiresAt)} without ${what}. Nothing was deleted; ask again with \`/vpc-peer delete\`.`;
  return { text: `Your deletion request for ${record.spec.awsVpcId} expired`, blocks: [section(text)] };
}
