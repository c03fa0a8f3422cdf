// What the create job did with an attachment's RAM share before asking Aiven, for the thread's
// reply to the create: the team sees once what changed in their AWS account and how it is undone.
// The record says it (transitGatewayShare); a VPC peering, or an attachment requested without a role
// (the team shares by hand), has no line.
import { botShareName } from '../../peering/accept/prepare-transit-gateway';
import type { PeeringRecord } from '../../peering/model';
import { disassociateCommand } from './share-removal';

/**
 * The share line of the create outcome; undefined when vpc-peer did nothing in RAM (or RAM never
 * answered). `created`: Aiven has the attachment, so "Delete with approval" undoes the share; else
 * the request is closed and the share stays until the team removes it.
 */
export function describeShareMade(
  record: Pick<PeeringRecord, 'transitGatewayShare' | 'spec'>,
  outcome: 'created' | 'failed',
): string | undefined {
  const share = record.transitGatewayShare;
  if (share?.status !== 'done') return undefined;
  const { transitGatewayId: tgwId, principal, arn } = share;
  const name = botShareName(tgwId);
  if (share.action === 'already-shared')
    return `:link: Transit Gateway ${tgwId} was already shared with Aiven's AWS account ${principal} by share ${arn ?? '?'} (yours: vpc-peer leaves it alone).`;
  const did =
    share.action === 'created'
      ? `Shared Transit Gateway ${tgwId} with Aiven's AWS account ${principal} through RAM (share ${arn ?? name}${arn ? `, named ${name}` : ''})`
      : `Added Aiven's AWS account ${principal} to vpc-peer's RAM share ${arn ?? name}${arn ? ` (${name})` : ''} of Transit Gateway ${tgwId}`;
  if (outcome === 'created')
    return `:link: ${did}; Delete with approval removes it again (kept while another vpc-peer request for ${tgwId} relies on it).`;
  const region = record.spec.awsRegion;
  return `:link: ${did} before asking Aiven; it stays. Once nothing from Aiven's account attaches to ${tgwId}, remove it: ${disassociateCommand(region, arn ?? `<the share's ARN>`, principal)}`;
}
