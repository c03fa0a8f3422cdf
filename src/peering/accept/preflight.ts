// Pre-flight at create time, when vpc-peer has a role in the account: the VPC exists there and does
// not overlap the org VPC or the extra CIDRs. Runs in the worker before anything is created in Aiven.
import type { PeeringRecord } from '../model';
import type { AwsAccess } from './ports';
import { overlapping } from './verify';

export type PreflightResult =
  /** `checked: false`: no role (or the role was refused), so AWS was not looked at. */
  { ok: true; checked: boolean } | { ok: false; reason: string; nextStep: string };

export type Preflight = (record: Pick<PeeringRecord, 'id' | 'spec' | 'orgVpc'>) => Promise<PreflightResult>;

export function makeAcceptPreflight(deps: { access: AwsAccess }): Preflight {
  return async ({ id, spec, orgVpc }) => {
    if (!deps.access.hasRole(spec.awsAccountId)) return { ok: true, checked: false };
    const connection = await deps.access.connect({
      accountId: spec.awsAccountId,
      region: spec.awsRegion,
      peeringId: id,
    });
    // A refused role is told at accept time, with the manual steps; it does not block the request.
    if (!connection.ok) return { ok: true, checked: false };
    const vpcCidrs = await connection.network.describeVpcCidrs(spec.awsVpcId);
    if (vpcCidrs === undefined) {
      return {
        ok: false,
        reason: `VPC ${spec.awsVpcId} does not exist in AWS account ${spec.awsAccountId} (${spec.awsRegion}).`,
        nextStep:
          'Check the VPC id, account and region (VPC console), then run `/vpc-peer` again. Nothing was created in Aiven.',
      };
    }
    const overlap = overlapping([orgVpc.cidr, ...spec.extraCidrs], vpcCidrs);
    if (overlap) {
      const what =
        overlap.destination === orgVpc.cidr
          ? `The organization VPC's ${overlap.destination}`
          : `The extra CIDR ${overlap.destination}`;
      return {
        ok: false,
        reason: `${what} overlaps ${spec.awsVpcId}'s own ${overlap.vpcCidr}: peered ranges must not overlap.`,
        nextStep:
          'Choose another organization VPC or fix the extra CIDRs, then run `/vpc-peer` again. Nothing was created in Aiven.',
      };
    }
    return { ok: true, checked: true };
  };
}
