// What makes a peering request valid, in the words the user will read in the modal.
import {
  type AivenPeering,
  isOpen,
  type OrgVpc,
  type OrgVpcSnapshot,
  PENDING_PEER_EXPIRY_MS,
  type PeeringSpec,
} from './model';
import { describeCidrProblems, type UsedCidr, validatePeerCidrs } from './peer-cidrs';
import { isAwsRegion } from './regions';

/** Form fields as typed by the user; every value may be missing or messy. */
export interface PeeringRequestInput {
  orgVpcId?: string | undefined;
  awsAccountId?: string | undefined;
  awsRegion?: string | undefined;
  awsVpcId?: string | undefined;
  extraCidrs?: string | undefined;
}

export type RequestField = keyof PeeringRequestInput;

export type ValidationResult =
  | { ok: true; spec: PeeringSpec; orgVpc: OrgVpc }
  | { ok: false; errors: Partial<Record<RequestField, string>> };

export { MAX_EXTRA_CIDRS } from './peer-cidrs';

const VPC_ID = /^vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const TRANSIT_GATEWAY_ID = /^tgw-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

/**
 * Whether an Aiven peering still exists (and so blocks a second one for the same VPC). Agrees with
 * the record's isOpen: an ended peering (deleted, rejected, invalid, or a PENDING_PEER request older
 * than AWS's 7-day expiry, when `now` is given) does not block a new request.
 */
export function peeringExists(peering: Pick<AivenPeering, 'state' | 'updateTime'>, now?: Date): boolean {
  if (!isOpen(peering.state)) return false;
  if (now && peering.state === 'PENDING_PEER') {
    return now.getTime() - Date.parse(peering.updateTime) < PENDING_PEER_EXPIRY_MS;
  }
  return true;
}

export function normaliseAccountId(raw: string): string {
  // The AWS console shows account ids as 1234-5678-9012; people paste that.
  return raw.replace(/[\s-]/g, '');
}

export function validatePeeringRequest(
  input: PeeringRequestInput,
  orgVpcs: readonly OrgVpc[],
  /** Extra CIDRs other peerings of each org VPC route already (the edit modal refuses them too). */
  usedCidrs: (orgVpcId: string) => readonly UsedCidr[] = () => [],
): ValidationResult {
  const errors: Partial<Record<RequestField, string>> = {};

  const orgVpc = orgVpcs.find((vpc) => vpc.id === input.orgVpcId);
  if (!input.orgVpcId) {
    errors.orgVpcId = 'Choose the Aiven organization VPC to peer with.';
  } else if (!orgVpc) {
    errors.orgVpcId = 'This organization VPC no longer exists in Aiven. Choose another one.';
  } else if (orgVpc.state !== 'ACTIVE') {
    errors.orgVpcId = `This organization VPC is ${orgVpc.state}; only ACTIVE VPCs can be peered.`;
  } else if (!orgVpc.awsRegion) {
    errors.orgVpcId = `This organization VPC is in ${orgVpc.cloudName}, not AWS; choose an AWS one.`;
  }

  const awsAccountId = normaliseAccountId(input.awsAccountId ?? '');
  if (!/^\d{12}$/.test(awsAccountId)) {
    errors.awsAccountId = 'Enter the 12-digit AWS account ID that owns the VPC, e.g. 123456789012.';
  }

  const awsVpcId = (input.awsVpcId ?? '').trim().toLowerCase();
  const attachment = awsVpcId.startsWith('tgw-');
  if (attachment && !TRANSIT_GATEWAY_ID.test(awsVpcId)) {
    errors.awsVpcId =
      'Enter the Transit Gateway ID: tgw- and 8 or 17 hex characters, e.g. tgw-0a1b2c3d4e5f67890.';
  } else if (!attachment && !VPC_ID.test(awsVpcId)) {
    errors.awsVpcId =
      'Enter the AWS VPC ID (vpc- and 8 or 17 hex characters, e.g. vpc-0a1b2c3d4e5f67890) or a Transit Gateway ID (tgw-0a1b2c3d4e5f67890).';
  }

  // Empty means "the org VPC's region": with no usable org VPC chosen, only that field is wrong.
  const chosenRegion = input.awsRegion?.trim();
  const awsRegion = chosenRegion || orgVpc?.awsRegion || '';
  if ((chosenRegion || !errors.orgVpcId) && !isAwsRegion(awsRegion)) {
    errors.awsRegion = 'Choose the AWS region of your VPC, e.g. eu-west-1.';
  }

  const extra = validatePeerCidrs(input.extraCidrs ?? '', {
    orgVpc,
    usedElsewhere: orgVpc ? usedCidrs(orgVpc.id) : [],
  });
  if (!extra.ok) errors.extraCidrs = describeCidrProblems(extra);
  else if (attachment && extra.cidrs.length === 0) {
    // Aiven routes only these ranges through an attachment: without one, nothing would reach the team.
    errors.extraCidrs =
      'A Transit Gateway attachment needs the private IPv4 ranges behind the Transit Gateway: at least one CIDR, one per line, e.g. 10.50.0.0/16.';
  }

  if (Object.keys(errors).length > 0 || !orgVpc || !extra.ok) return { ok: false, errors };
  return {
    ok: true,
    orgVpc,
    spec: { orgVpcId: orgVpc.id, awsAccountId, awsVpcId, awsRegion, extraCidrs: extra.cidrs },
  };
}

/** The existing Aiven peering for the same org VPC, account, VPC and region, if any. */
export function findExistingPeering(
  snapshot: OrgVpcSnapshot | undefined,
  spec: PeeringSpec,
  now?: Date,
): AivenPeering | undefined {
  const vpc = snapshot?.vpcs.find((details) => details.vpc.id === spec.orgVpcId);
  return vpc?.peerings.find((peering) => peeringExists(peering, now) && samePeer(peering, spec));
}

export function samePeer(peering: AivenPeering, spec: PeeringSpec): boolean {
  return (
    peering.orgVpcId === spec.orgVpcId &&
    peering.awsAccountId === spec.awsAccountId &&
    peering.awsVpcId === spec.awsVpcId &&
    peering.awsRegion === spec.awsRegion
  );
}
