// Which request the accept plan is for, without AWS: the peering's pcx-, or a Transit Gateway
// attachment's tgw-attach- (named in Aiven's message) or its tgw-. Kept apart from the accept work so
// the Slack messages can use it without loading it.
import { type PeeringRecord, peerKindOf } from '../model';
import type { AcceptRecord } from './model';

export const isAttachment = (record: PeeringRecord) =>
  peerKindOf(record.spec) === 'transit-gateway-attachment';

/** Aiven names the attachment only in its message ("Accept Transit Gateway attachment tgw-attach-..."). */
export function namedAttachmentId(record: PeeringRecord): string | undefined {
  return /\btgw-attach-[0-9a-f]{8,17}\b/.exec(record.stateInfo?.message ?? '')?.[0];
}

/**
 * What the plan job is keyed by: the peering's pcx-, or the attachment Aiven named, else the Transit
 * Gateway (the plan then finds Aiven's attachment on it). Undefined: nothing to plan yet.
 */
export function acceptRequestOf(record: PeeringRecord): string | undefined {
  if (isAttachment(record)) return namedAttachmentId(record) ?? record.spec.awsVpcId;
  return record.stateInfo?.awsPeeringConnectionId;
}

/** Whether the accept record holds the plan made for the request `key`. */
export const plannedFor = (accept: AcceptRecord | undefined, key: string) =>
  accept !== undefined && (accept.planKey ?? accept.pcxId) === key;
