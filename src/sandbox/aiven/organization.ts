// The sandbox's Aiven organization: org VPCs, peerings and their lifecycle on the sandbox clock.
import { randomBytes, randomUUID } from 'node:crypto';
import type {
  WireOrgVpcGetResponse,
  WirePeerCidrsUpdateRequest,
  WirePeering,
  WirePeeringCreateRequest,
  WirePeeringState,
  WireStateInfo,
} from '../../adapters/aiven/wire';
import { type AwsFollowState, makeAwsSync, type SandboxAwsSide } from './aws-follow';
import { clockAttachmentInfos, connectionTypeOf } from './aws-follow-tgw';
import { SANDBOX_TIMINGS, type SandboxClock } from './clock';
import { applied, refusePeerCidrs } from './peer-cidrs';
import { networksOverlap, parseIpv4Network } from './request-body';
import { type SandboxVpc, seedOrganization } from './seed';

interface PeeringEntry {
  orgVpcId: string;
  wire: WirePeering;
  next?: { at: number; step: (at: number) => void };
  deletedAt?: number;
  /** With an AWS side: the request Aiven makes there and the connection it follows. */
  aws?: AwsFollowState;
}

export type SandboxPeering = WirePeering & { organization_vpc_id: string };

const AWS_REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

function pcxId(): string {
  return `pcx-${randomBytes(9).toString('hex').slice(0, 17)}`;
}

const copy = <T>(value: T): T => structuredClone(value);

export function makeOrganization(options: {
  organizationId: string;
  clock: SandboxClock;
  seed: boolean;
  /** Put before the seeded org VPCs' display names. */
  namePrefix?: string;
  /** AWS (moto) to make real peering requests in; without it the lifecycle runs on the clock alone. */
  aws?: SandboxAwsSide;
}) {
  const { organizationId, clock } = options;
  const vpcs = new Map<string, SandboxVpc>();
  const peerings = new Map<string, PeeringEntry>();
  const awsVpcCidrs = new Map<string, string>();
  const iso = (ms: number) => new Date(ms).toISOString();

  if (options.seed) {
    const seed = seedOrganization(organizationId, clock.now());
    for (const vpc of seed.vpcs)
      vpcs.set(vpc.organization_vpc_id, {
        ...vpc,
        display_name: `${options.namePrefix ?? ''}${vpc.display_name ?? vpc.organization_vpc_id}`,
      });
    for (const p of seed.peerings) peerings.set(p.wire.peering_connection_id ?? randomUUID(), p);
  }

  function setState(entry: PeeringEntry, state: WirePeeringState, info: WireStateInfo, at: number): void {
    entry.wire.state = state;
    entry.wire.state_info = info;
    entry.wire.update_time = iso(at);
    delete entry.next;
    if (state === 'DELETED') entry.deletedAt = at;
    else delete entry.deletedAt;
  }

  /** Applies every step that is due, earliest first, so one big advance() walks the whole lifecycle. */
  function tick(): void {
    const now = clock.now();
    for (;;) {
      let due: PeeringEntry | undefined;
      for (const entry of peerings.values()) {
        if (entry.next && entry.next.at <= now && (!due?.next || entry.next.at < due.next.at)) due = entry;
      }
      if (!due?.next) break;
      const { at, step } = due.next;
      delete due.next;
      step(at);
    }
    for (const [id, entry] of peerings) {
      if (entry.deletedAt !== undefined && now - entry.deletedAt >= SANDBOX_TIMINGS.deletedVisibleMs) {
        peerings.delete(id);
      }
    }
  }

  /** Why Aiven will refuse this peering once it tries it in AWS, or undefined when it will work. */
  function refusal(vpc: SandboxVpc, wire: WirePeering, region: string): WireStateInfo | undefined {
    const attachment = wire.vpc_peering_connection_type === 'aws-tgw-vpc-attachment';
    const target = attachment
      ? `Transit Gateway attachment to ${wire.peer_vpc} in AWS account ${wire.peer_cloud_account} (${region})`
      : `VPC peering connection request to AWS account ${wire.peer_cloud_account} VPC ${wire.peer_vpc} in ${region}`;
    if (wire.peer_region !== undefined && !AWS_REGION.test(wire.peer_region)) {
      return {
        type: 'invalid-specification',
        message: `${target} failed: unknown AWS region '${wire.peer_region}'`,
      };
    }
    if (wire.peer_cloud_account === '000000000000' || wire.peer_vpc.endsWith('dead')) {
      return {
        type: 'invalid-specification',
        message: `${target} failed: the AWS account or ${attachment ? 'Transit Gateway' : 'VPC'} does not exist or is not accessible`,
      };
    }
    const aivenCidr = vpc.clouds[0]?.network_cidr ?? '';
    const aivenNet = parseIpv4Network(aivenCidr);
    const peerCidr = awsVpcCidrs.get(wire.peer_vpc);
    const candidates = [...(peerCidr ? [peerCidr] : []), ...wire.user_peer_network_cidrs];
    const overlapping = candidates.find((cidr) => {
      const net = parseIpv4Network(cidr);
      return net && aivenNet && networksOverlap(net, aivenNet);
    });
    if (overlapping === undefined) return undefined;
    const message = `Peer network ${overlapping} overlaps with the Aiven VPC network ${aivenCidr}`;
    return {
      type: 'invalid-specification',
      message: `${target} failed: ${message}`,
      warnings: [{ type: 'overlapping-peer-vpc-ip-ranges', message }],
    };
  }

  function startLifecycle(entry: PeeringEntry, vpc: SandboxVpc, createdAt: number): void {
    const vpcRegion = vpc.clouds[0]?.cloud_name.replace(/^aws-/, '') ?? '';
    const region = entry.wire.peer_region ?? vpcRegion;
    entry.next = {
      at: createdAt + SANDBOX_TIMINGS.approvedMs,
      step: (at) => {
        const refused = refusal(vpc, entry.wire, region);
        if (refused) return setState(entry, 'INVALID_SPECIFICATION', refused, at);
        // With AWS at hand, the request is made there (syncAws) and the peering follows AWS.
        if (options.aws) {
          entry.aws = { step: 'due' };
          return;
        }
        if (entry.wire.vpc_peering_connection_type === 'aws-tgw-vpc-attachment') {
          const infos = clockAttachmentInfos({
            transitGatewayId: entry.wire.peer_vpc,
            accountId: entry.wire.peer_cloud_account,
            region,
            orgVpcCidr: vpc.clouds[0]?.network_cidr ?? '',
          });
          setState(entry, 'PENDING_PEER', infos.pending, at);
          entry.next = {
            at: at + SANDBOX_TIMINGS.pendingPeerMs,
            step: (activeAt) => setState(entry, 'ACTIVE', infos.active, activeAt),
          };
          return;
        }
        const pcx = pcxId();
        setState(
          entry,
          'PENDING_PEER',
          {
            type: 'pending-peer',
            message: `Accept VPC peering connection request ${pcx} in AWS account ${entry.wire.peer_cloud_account} (${region}) and add routes to ${vpc.clouds[0]?.network_cidr} through it`,
            aws_vpc_peering_connection_id: pcx,
          },
          at,
        );
        entry.next = {
          at: at + SANDBOX_TIMINGS.pendingPeerMs,
          step: (activeAt) =>
            setState(
              entry,
              'ACTIVE',
              {
                type: 'active',
                message: `VPC peering connection ${pcx} is active`,
                aws_vpc_peering_connection_id: pcx,
              },
              activeAt,
            ),
        };
      },
    };
  }

  function detailsOf(vpc: SandboxVpc): WireOrgVpcGetResponse {
    const own = [...peerings.values()].filter((p) => p.orgVpcId === vpc.organization_vpc_id);
    return { ...copy(vpc), peering_connections: own.map((p) => copy(p.wire)) };
  }

  /** Brings the peerings in line with AWS (a no-op without an AWS side). */
  const syncAws = makeAwsSync({
    ...(options.aws ? { aws: options.aws } : {}),
    before: tick,
    entries: () => [...peerings.values()],
    orgVpc: (orgVpcId) => {
      const cloud = vpcs.get(orgVpcId)?.clouds[0];
      return cloud && { cidr: cloud.network_cidr, region: cloud.cloud_name.replace(/^aws-/, '') };
    },
    setState: (entry, state, info) => setState(entry as PeeringEntry, state, info, clock.now()),
  });

  return {
    organizationId,
    tick,
    syncAws,
    listVpcs(): SandboxVpc[] {
      tick();
      return [...vpcs.values()].map(copy);
    },
    getVpc(orgVpcId: string): WireOrgVpcGetResponse | undefined {
      tick();
      const vpc = vpcs.get(orgVpcId);
      return vpc && detailsOf(vpc);
    },
    /** Like Aiven, a second peering with the same account, VPC and region is accepted (issue #752). */
    createPeering(orgVpcId: string, request: WirePeeringCreateRequest): WirePeering | undefined {
      tick();
      const vpc = vpcs.get(orgVpcId);
      if (!vpc) return undefined;
      const now = clock.now();
      const wire: WirePeering = {
        peering_connection_id: randomUUID(),
        peer_cloud_account: request.peer_cloud_account,
        peer_vpc: request.peer_vpc,
        peer_azure_app_id: '',
        peer_azure_tenant_id: '',
        peer_resource_group: '',
        state: 'APPROVED',
        state_info: {
          type: 'approved',
          message: 'Peering connection approved, Aiven is requesting it in AWS',
        },
        user_peer_network_cidrs: [...(request.user_peer_network_cidrs ?? [])],
        vpc_peering_connection_type: connectionTypeOf(request.peer_vpc),
        create_time: iso(now),
        update_time: iso(now),
      };
      if (request.peer_region) wire.peer_region = request.peer_region;
      const entry: PeeringEntry = { orgVpcId, wire };
      peerings.set(wire.peering_connection_id as string, entry);
      startLifecycle(entry, vpc, now);
      return copy(wire);
    },
    /** undefined when the VPC or peering is unknown, or the peering is already DELETED. */
    deletePeering(orgVpcId: string, peeringId: string): WirePeering | undefined {
      tick();
      const entry = peerings.get(peeringId);
      if (!entry || entry.orgVpcId !== orgVpcId || entry.wire.state === 'DELETED') return undefined;
      if (entry.wire.state !== 'DELETING') {
        const pcx = entry.wire.state_info.aws_vpc_peering_connection_id;
        const now = clock.now();
        setState(
          entry,
          'DELETING',
          {
            type: 'deleting',
            message: 'Peering connection is being deleted',
            ...(pcx ? { aws_vpc_peering_connection_id: pcx } : {}),
          },
          now,
        );
        entry.next = {
          at: now + SANDBOX_TIMINGS.deletingMs,
          step: (at) =>
            setState(entry, 'DELETED', { type: 'deleted', message: 'Peering connection deleted' }, at),
        };
      }
      return copy(entry.wire);
    },
    /** The CIDR edit: the org VPC after it, or why Aiven refuses it (400), or undefined when unknown. */
    updatePeerCidrs(
      orgVpcId: string,
      peeringId: string,
      request: Required<Pick<WirePeerCidrsUpdateRequest, 'add' | 'delete'>>,
    ): { vpc: WireOrgVpcGetResponse } | { refused: string } | undefined {
      tick();
      const vpc = vpcs.get(orgVpcId);
      const entry = peerings.get(peeringId);
      if (!vpc || !entry || entry.orgVpcId !== orgVpcId) return undefined;
      const others = [...peerings.values()]
        .filter(
          (p) => p !== entry && p.orgVpcId === orgVpcId && !['DELETED', 'DELETING'].includes(p.wire.state),
        )
        .map((p) => p.wire);
      const refused = refusePeerCidrs(entry.wire, request, {
        orgVpcCidr: vpc.clouds[0]?.network_cidr ?? '',
        otherPeerings: others,
      });
      if (refused) return { refused };
      entry.wire.user_peer_network_cidrs = applied(entry.wire.user_peer_network_cidrs, request);
      entry.wire.update_time = iso(clock.now());
      return { vpc: detailsOf(vpc) };
    },
    setPeeringState(peeringId: string, state: WirePeeringState, stateInfo?: WireStateInfo): void {
      const entry = peerings.get(peeringId);
      if (!entry) throw new Error(`sandbox has no peering ${peeringId}`);
      setState(
        entry,
        state,
        stateInfo ?? { type: state.toLowerCase().replace(/_/g, '-'), message: state },
        clock.now(),
      );
    },
    /** Adds an ACTIVE org VPC (benches and tests that need a large organization). */
    addVpc(options: { displayName: string; cloudName: string; cidr: string }): string {
      const id = randomUUID();
      const now = iso(clock.now());
      vpcs.set(id, {
        organization_vpc_id: id,
        organization_id: organizationId,
        display_name: options.displayName,
        clouds: [{ cloud_name: options.cloudName, network_cidr: options.cidr }],
        state: 'ACTIVE',
        create_time: now,
        update_time: now,
      });
      return id;
    },
    setAwsVpcCidr(awsVpcId: string, cidr: string): void {
      awsVpcCidrs.set(awsVpcId, cidr);
    },
    peerings(): SandboxPeering[] {
      tick();
      return [...peerings.values()].map((p) => ({ ...copy(p.wire), organization_vpc_id: p.orgVpcId }));
    },
    /** Adds a VPC as given, even one newer Aiven versions might send (unknown state, no clouds). */
    addRawVpc(vpc: SandboxVpc): void {
      vpcs.set(vpc.organization_vpc_id, vpc);
    },
    setVpcShape(orgVpcId: string, shape: { state?: string; clouds?: unknown[] }): void {
      const vpc = vpcs.get(orgVpcId);
      if (!vpc) throw new Error(`no org VPC ${orgVpcId} in the sandbox`);
      // Deliberately outside the spec's types: what a newer Aiven could send.
      Object.assign(vpc, shape);
    },
    vpcs(): WireOrgVpcGetResponse[] {
      tick();
      return [...vpcs.values()].map(detailsOf);
    },
  };
}

export type SandboxOrganization = ReturnType<typeof makeOrganization>;
