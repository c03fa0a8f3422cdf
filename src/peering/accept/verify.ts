// Is this AWS peering connection the one Aiven was asked for? Checked before the plan and again
// before acting: a wrong connection is never accepted and no route is pointed at it.
import { cidrsOverlap, parseCidr } from '../cidr';
import type { PeeringRecord } from '../model';
import type { AwsPeeringConnection } from './ports';

const ACTIONABLE = new Set(['pending-acceptance', 'active']);

/** The problems, in plain words; an empty list means the connection is the requested one. */
export function verifyPeeringConnection(
  record: PeeringRecord,
  pcxId: string,
  connection: AwsPeeringConnection | undefined,
  vpcCidrs: string[] | undefined,
  options: { allowActive: boolean },
): string[] {
  const { spec, orgVpc } = record;
  if (!connection) {
    return [`AWS account ${spec.awsAccountId} has no peering connection ${pcxId} in ${spec.awsRegion}.`];
  }
  const problems: string[] = [];
  const status = connection.status;
  const allowed = options.allowActive ? ACTIONABLE.has(status) : status === 'pending-acceptance';
  if (!allowed) problems.push(`${pcxId} is \`${status}\` in AWS, not \`pending-acceptance\`.`);
  if (connection.accepter.accountId !== spec.awsAccountId) {
    problems.push(
      `${pcxId} is addressed to AWS account ${connection.accepter.accountId}, not the requested ${spec.awsAccountId}.`,
    );
  }
  if (connection.accepter.vpcId !== spec.awsVpcId) {
    problems.push(
      `${pcxId} is addressed to ${connection.accepter.vpcId}, not the requested ${spec.awsVpcId}.`,
    );
  }
  if (!connection.requester.cidrs.includes(orgVpc.cidr)) {
    const seen = connection.requester.cidrs.join(', ') || 'none';
    problems.push(`${pcxId} comes from a VPC with CIDR ${seen}, not the organization VPC's ${orgVpc.cidr}.`);
  }
  if (vpcCidrs === undefined) {
    problems.push(
      `VPC ${spec.awsVpcId} does not exist in AWS account ${spec.awsAccountId} (${spec.awsRegion}).`,
    );
  } else {
    const overlap = overlapping([orgVpc.cidr], vpcCidrs);
    if (overlap) {
      problems.push(
        `the organization VPC's ${overlap.destination} overlaps ${spec.awsVpcId}'s own ${overlap.vpcCidr}: a route to it would be refused.`,
      );
    }
  }
  return problems;
}

/** The first pair of CIDRs that overlap, if any. */
export function overlapping(
  destinations: readonly string[],
  vpcCidrs: readonly string[],
): { destination: string; vpcCidr: string } | undefined {
  for (const destination of destinations) {
    const d = parseCidr(destination);
    if (!d.ok) continue;
    for (const vpcCidr of vpcCidrs) {
      const v = parseCidr(vpcCidr);
      if (v.ok && cidrsOverlap(d.cidr, v.cidr)) return { destination, vpcCidr };
    }
  }
  return undefined;
}
