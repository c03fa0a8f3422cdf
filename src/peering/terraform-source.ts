// Which peerings `/vpc-peer terraform <id | org VPC name>` hands off, picked from the overview (the
// snapshot joined with vpc-peer's records). Pure, like the overview itself.
import { isManagedByTerraform } from './model';
import { findInOverview, type OverviewVpc, type PeeringLine } from './overview';
import { renderTerraformHandOff, type TerraformFile, type TerraformPeering } from './terraform';

export type TerraformRequestOutcome =
  | { kind: 'file'; file: TerraformFile; orgVpcName: string; lines: PeeringLine[] }
  | { kind: 'several'; matches: { vpcName: string; line: PeeringLine }[] }
  | { kind: 'not-found' };

function terraformPeering(line: PeeringLine): TerraformPeering {
  const record = line.record;
  // Only routes that still name this peering's pcx: a route the bot added for an older connection is
  // not this peering's.
  const routes = (record?.accept?.routes ?? [])
    .filter((route) => !line.pcxId || route.target === line.pcxId)
    .map(({ routeTableId, destination }) => ({ routeTableId, destination }));
  return {
    ...(line.aivenPeeringId ? { aivenPeeringId: line.aivenPeeringId } : {}),
    state: line.state,
    awsAccountId: line.awsAccountId,
    awsVpcId: line.awsVpcId,
    awsRegion: line.awsRegion,
    ...(line.pcxId ? { pcxId: line.pcxId } : {}),
    routes,
    madeOutsideVpcPeer: !record || record.origin === 'external',
  };
}

/** The HCL for one peering (any id status accepts) or for every live peering of an org VPC (by name or id). */
export function terraformFor(
  organizationId: string,
  overview: OverviewVpc[],
  wanted: string,
): TerraformRequestOutcome {
  const name = wanted.toLowerCase();
  const vpc = overview.find((o) => o.vpc.name.toLowerCase() === name || o.vpc.id.toLowerCase() === name);
  if (vpc) {
    return {
      kind: 'file',
      orgVpcName: vpc.vpc.name,
      lines: vpc.peerings,
      file: renderTerraformHandOff({
        organizationId,
        orgVpc: vpc.vpc,
        peerings: vpc.peerings.map(terraformPeering),
      }),
    };
  }
  const matches = findInOverview(overview, wanted);
  const [only] = matches;
  if (!only) return { kind: 'not-found' };
  if (matches.length > 1) {
    return { kind: 'several', matches: matches.map((m) => ({ vpcName: m.vpc.name, line: m.line })) };
  }
  return {
    kind: 'file',
    orgVpcName: only.vpc.name,
    lines: [only.line],
    file: renderTerraformHandOff({
      organizationId,
      orgVpc: only.vpc,
      peerings: [terraformPeering(only.line)],
    }),
  };
}

/** The records a file covers that Aiven has and Terraform does not manage yet (the hand-over button's). */
export function handOverIds(lines: readonly PeeringLine[]): string[] {
  return lines.flatMap((line) =>
    line.record && line.aivenPeeringId && !isManagedByTerraform(line.record) ? [line.record.id] : [],
  );
}
