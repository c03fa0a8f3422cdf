// What "Delete with approval" did with an attachment's RAM share association with Aiven's AWS
// account, for the thread: removed, deleted with the bot's share, or left alone with the reason and,
// when it is the bot's association (or vpc-peer could not look), the command to remove it by hand.
import { botShareName } from '../../peering/accept/prepare-transit-gateway';
import type { PeeringRecord } from '../../peering/model';

/** The share lines of the deleting message; none for a VPC peering. */
export function describeShareRemoval(record: PeeringRecord, aivenAccountId?: string): string[] {
  const share = record.transitGatewayShare;
  const { awsRegion: region, awsVpcId: tgwId } = record.spec;
  const principal = share?.principal ?? aivenAccountId ?? "<Aiven's AWS account id>";
  const command = (arn: string) => disassociateCommand(region, arn, principal);
  const byName = `"$(aws ram get-resource-shares --region ${region} --resource-owner SELF --name ${botShareName(tgwId)} --query 'resourceShares[0].resourceShareArn' --output text)"`;
  if (!share)
    return [
      // No role when it was requested (the team shared it by hand), or a request older than the record.
      `vpc-peer has no record of sharing ${tgwId} with Aiven's AWS account ${principal}, so it left any share alone. ` +
        `Once no attachment from Aiven's account uses it, remove that account from the share: ${command("<the share's ARN>")}`,
    ];
  const removal = share.removal;
  const arn = removal?.arn ?? share.arn;
  const association = `the share association of ${tgwId} with Aiven's AWS account ${principal}${arn ? ` (${arn})` : ''}`;
  switch (removal?.outcome) {
    case 'principal-removed':
      return [`Removed ${association}: vpc-peer had added it.`];
    case 'share-deleted':
      return [
        `Deleted vpc-peer's share ${arn} of ${tgwId}: Aiven's AWS account ${principal} was all it shared with.`,
      ];
    case 'already-gone':
      return [`${capitalize(association)} was already gone: nothing to remove.`];
    case 'left': {
      // Reasons from AWS access may end a sentence already.
      const left = `Left ${association} alone: ${(removal.reason ?? '').replace(/\.$/, '')}.`;
      if (share.action === 'already-shared') return [left];
      return [
        `${left} To remove it by hand once nothing else from Aiven's account attaches: ${command(arn ?? byName)}`,
      ];
    }
    default:
      // Not deleted through vpc-peer (yet): the association vpc-peer made is still there.
      return share.action === 'already-shared'
        ? []
        : [`${capitalize(association)} is vpc-peer's and still in place: ${command(arn ?? byName)}`];
  }
}

/** The AWS CLI command that removes `principal` from the share `arn`, as Slack code. */
export const disassociateCommand = (region: string, arn: string, principal: string) =>
  `\`aws ram disassociate-resource-share --region ${region} --resource-share-arn ${arn} --principals ${principal}\``;

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
