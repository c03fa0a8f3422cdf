// "Delete with approval" of a Transit Gateway attachment: removes Aiven's account from the RAM share
// only when the bot put it there (it created the share, or added Aiven to its own share), and only
// when nothing else still relies on it: no other open request of this bot for the same Transit
// Gateway, and no other live attachment from Aiven's account on it (Aiven may have attachments made
// outside the bot). The bot's own share is deleted when Aiven was its only principal and the Transit
// Gateway its only resource: an empty share of the bot's would only confuse the next reader.
import { isOpen, type PeeringRecord } from '../model';
import { namedAttachmentId } from './attachment-request';
import type { ShareRemoval } from './model';
import { AwsRefusal } from './ports';
import { botShareName } from './prepare-transit-gateway';
import type { AwsTransitGateways } from './transit-gateway-ports';

/** Attachments in these states no longer use the share. */
const ENDED_ATTACHMENT = new Set(['deleting', 'deleted', 'rejecting', 'rejected', 'failing', 'failed']);

export async function removeShareAssociation(input: {
  record: PeeringRecord;
  /** The Transit Gateways in the team's account, or why vpc-peer cannot reach them (no role). */
  aws: { ok: true; transitGateways: AwsTransitGateways } | { ok: false; reason: string };
  /** Every record the bot has for the same Transit Gateway (this one included). */
  sameTransitGateway: readonly PeeringRecord[];
}): Promise<ShareRemoval | undefined> {
  const { record } = input;
  const share = record.transitGatewayShare;
  if (!share) return undefined;
  if (share.action === 'already-shared')
    return {
      outcome: 'left',
      ...(share.arn ? { arn: share.arn } : {}),
      reason:
        'the Transit Gateway was already shared with Aiven when it was requested; vpc-peer did not add that',
    };
  const left = (reason: string, arn = share.arn): ShareRemoval => ({
    outcome: 'left',
    ...(arn ? { arn } : {}),
    reason,
  });
  // Requests still open (not being deleted themselves) attach through the same share.
  const relying = input.sameTransitGateway.filter(
    (other) => other.id !== record.id && isOpen(other.state) && other.state !== 'DELETING',
  );
  if (relying.length > 0)
    return left(
      `vpc-peer's ${relying.length === 1 ? 'request' : 'requests'} ${relying.map((r) => r.id).join(', ')} for the same Transit Gateway still ${relying.length === 1 ? 'relies' : 'rely'} on it`,
    );
  if (!input.aws.ok) return left(input.aws.reason);
  const tgws = input.aws.transitGateways;
  try {
    const own = record.accept?.pcxId.startsWith('tgw-attach-')
      ? record.accept.pcxId
      : namedAttachmentId(record);
    const others = (await tgws.vpcAttachmentsOf(share.transitGatewayId)).filter(
      (a) => a.vpcOwnerId === share.principal && a.id !== own && !ENDED_ATTACHMENT.has(a.state),
    );
    if (others.length > 0)
      return left(
        `Aiven's account still has ${others.map((a) => `${a.id} (${a.state})`).join(', ')} on ${share.transitGatewayId}`,
      );
    let arn = share.arn;
    if (!arn) {
      // Only the intent was written: the bot's share is found by its name, if it was made.
      const tgw = await tgws.describeTransitGateway(share.transitGatewayId);
      if (!tgw)
        return left(`${share.transitGatewayId} is not visible in AWS account ${record.spec.awsAccountId}`);
      arn = (await tgws.sharesHolding(tgw.arn)).find(
        (s) => s.name === botShareName(share.transitGatewayId),
      )?.arn;
      // The process stopped before RAM made it: there is nothing to remove.
      if (!arn) return { outcome: 'already-gone' };
    }
    const principals = await tgws.principalsOf(arn);
    if (!principals.includes(share.principal)) return { outcome: 'already-gone', arn };
    const resources = await tgws.resourcesOf(arn);
    const onlyTransitGateway = resources.every((r) =>
      r.endsWith(`:transit-gateway/${share.transitGatewayId}`),
    );
    if (!onlyTransitGateway)
      return left(
        `the share holds other resources too (${resources.length}); removing Aiven's account would unshare them`,
        arn,
      );
    if (share.action === 'created' && principals.every((p) => p === share.principal)) {
      await tgws.deleteShare(arn, `vpc-peer-delete-${record.id}`);
      return { outcome: 'share-deleted', arn };
    }
    await tgws.removePrincipal(arn, share.principal, `vpc-peer-remove-${record.id}`);
    return { outcome: 'principal-removed', arn };
  } catch (error) {
    // A refused read or write is reported, never taken for "gone".
    if (!(error instanceof AwsRefusal)) throw error;
    return left(`AWS refused it (${error.code}): ${error.message}`);
  }
}
