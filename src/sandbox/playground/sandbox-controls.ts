// The page's sandbox controls: move the Aiven clock, and make happen what only the other side can do
// (accept, reject or delete the peering in AWS, create a peering or change its extra CIDRs in the Aiven
// Console), so every message the bot can send can be seen without an AWS account.
import { toOrgVpc } from '../../adapters/aiven/mapping';
import { describeCidrProblems, diffPeerCidrs, validatePeerCidrs } from '../../peering/peer-cidrs';
import type { AivenSandbox } from '../aiven-sandbox';
import type { PlaygroundActionResult, SandboxSummary } from './protocol';

/** The part of the Aiven sandbox the controls use. */
export type SandboxHandle = Pick<
  AivenSandbox,
  'url' | 'token' | 'organizationId' | 'advance' | 'setPeeringState' | 'peerings' | 'vpcs'
>;

export type PeerSideState = 'ACTIVE' | 'REJECTED_BY_PEER' | 'DELETED_BY_PEER';

export function makeSandboxControls(sandbox: SandboxHandle) {
  const orgApi = `${sandbox.url}/organization/${encodeURIComponent(sandbox.organizationId)}`;
  async function send(method: 'POST' | 'PUT', path: string, body: unknown): Promise<PlaygroundActionResult> {
    const response = await fetch(`${orgApi}${path}`, {
      method,
      headers: { authorization: `aivenv1 ${sandbox.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.ok) return { ok: true };
    const answer = (await response.json().catch(() => ({}))) as { message?: string };
    return { ok: false, error: `Aiven answered ${response.status}: ${answer.message ?? 'no message'}` };
  }
  return {
    summary(): SandboxSummary {
      return {
        organizationId: sandbox.organizationId,
        vpcs: sandbox.vpcs().map((v) => ({
          id: v.organization_vpc_id,
          name: v.display_name ?? v.organization_vpc_id,
          cloud: v.clouds[0]?.cloud_name ?? '',
          cidr: v.clouds[0]?.network_cidr ?? '',
          state: v.state,
        })),
        peerings: sandbox.peerings().map((p) => ({
          id: p.peering_connection_id ?? '',
          orgVpcId: p.organization_vpc_id,
          peerAccount: p.peer_cloud_account,
          peerVpc: p.peer_vpc,
          peerRegion: p.peer_region ?? '',
          state: p.state,
          extraCidrs: [...(p.user_peer_network_cidrs ?? [])],
        })),
      };
    },
    advance(ms: number): PlaygroundActionResult {
      if (!Number.isFinite(ms) || ms <= 0 || ms > 7 * 24 * 3600_000)
        return { ok: false, error: 'Advance by a positive number of milliseconds, up to 7 days.' };
      sandbox.advance(ms);
      return { ok: true };
    },
    /** What Aiven reports after the AWS side acted; the pcx id stays, as Aiven keeps it. */
    setPeerSideState(peeringId: string, state: PeerSideState): PlaygroundActionResult {
      const peering = sandbox.peerings().find((p) => p.peering_connection_id === peeringId);
      if (!peering) return { ok: false, error: `The sandbox has no peering ${peeringId}.` };
      const pcx = peering.state_info.aws_vpc_peering_connection_id;
      const messages: Record<PeerSideState, string> = {
        ACTIVE: `VPC peering connection ${pcx ?? ''} is active`,
        REJECTED_BY_PEER: `VPC peering connection request ${pcx ?? ''} was rejected in AWS account ${peering.peer_cloud_account}`,
        DELETED_BY_PEER: `VPC peering connection ${pcx ?? ''} was deleted in AWS account ${peering.peer_cloud_account}`,
      };
      sandbox.setPeeringState(peeringId, state, {
        type: state.toLowerCase().replace(/_/g, '-'),
        message: messages[state].replace('  ', ' '),
        ...(pcx ? { aws_vpc_peering_connection_id: pcx } : {}),
      });
      return { ok: true };
    },
    /** Creates a peering through the sandbox's Aiven API, as someone using the Aiven Console would. */
    async createOutsideBot(request: {
      orgVpcId: string;
      peerAccount: string;
      peerVpc: string;
      peerRegion?: string;
    }): Promise<PlaygroundActionResult> {
      return send('POST', `/vpcs/${encodeURIComponent(request.orgVpcId)}/peering-connections`, {
        peer_cloud_account: request.peerAccount,
        peer_vpc: request.peerVpc,
        ...(request.peerRegion ? { peer_region: request.peerRegion } : {}),
      });
    },
    /**
     * Replaces a peering's extra CIDRs through the sandbox's Aiven API (the add/delete PUT), as someone
     * in the Aiven Console or Terraform would; the bot then tells the thread. What was typed is checked
     * as the create and edit modals check it (private IPv4 CIDRs, no overlaps), so the error says what
     * a valid value looks like rather than Aiven's terse answer.
     */
    async setExtraCidrs(peeringId: string, typed: string): Promise<PlaygroundActionResult> {
      const peering = sandbox.peerings().find((p) => p.peering_connection_id === peeringId);
      if (!peering) return { ok: false, error: `The sandbox has no peering ${peeringId}.` };
      const vpc = sandbox.vpcs().find((v) => v.organization_vpc_id === peering.organization_vpc_id);
      const others = sandbox
        .peerings()
        .filter(
          (p) =>
            p.organization_vpc_id === peering.organization_vpc_id && p.peering_connection_id !== peeringId,
        )
        .flatMap((p) =>
          (p.user_peer_network_cidrs ?? []).map((cidr) => ({
            cidr,
            usedBy: `the peering with ${p.peer_vpc} (account ${p.peer_cloud_account})`,
          })),
        );
      const checked = validatePeerCidrs(typed, {
        orgVpc: vpc ? toOrgVpc(vpc, 'sandbox VPC') : undefined,
        usedElsewhere: others,
      });
      if (!checked.ok) return { ok: false, error: describeCidrProblems(checked) };
      const diff = diffPeerCidrs(peering.user_peer_network_cidrs ?? [], checked.cidrs);
      if (diff.add.length === 0 && diff.delete.length === 0)
        return { ok: false, error: 'Aiven already has exactly these extra CIDRs; change the list first.' };
      const path = `/vpcs/${encodeURIComponent(peering.organization_vpc_id)}/peering-connections/${encodeURIComponent(peeringId)}/user-peer-network-cidrs`;
      return send('PUT', path, {
        add: diff.add.map((cidr) => ({
          cidr,
          peer_cloud_account: peering.peer_cloud_account,
          peer_vpc: peering.peer_vpc,
        })),
        delete: diff.delete,
      });
    },
  };
}

export type SandboxControls = ReturnType<typeof makeSandboxControls>;
