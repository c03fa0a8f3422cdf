// The page's sandbox controls: move the Aiven clock, and make happen what only the other side can do
// (accept, reject or delete the peering in AWS, or create a peering in the Aiven Console), so every
// message the bot can send can be seen without an AWS account.
import type { AivenSandbox } from '../aiven-sandbox';
import type { PlaygroundActionResult, SandboxSummary } from './protocol';

/** The part of the Aiven sandbox the controls use. */
export type SandboxHandle = Pick<
  AivenSandbox,
  'url' | 'token' | 'organizationId' | 'advance' | 'setPeeringState' | 'peerings' | 'vpcs'
>;

export type PeerSideState = 'ACTIVE' | 'REJECTED_BY_PEER' | 'DELETED_BY_PEER';

export function makeSandboxControls(sandbox: SandboxHandle) {
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
      const url = `${sandbox.url}/organization/${encodeURIComponent(sandbox.organizationId)}/vpcs/${encodeURIComponent(request.orgVpcId)}/peering-connections`;
      const response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `aivenv1 ${sandbox.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          peer_cloud_account: request.peerAccount,
          peer_vpc: request.peerVpc,
          ...(request.peerRegion ? { peer_region: request.peerRegion } : {}),
        }),
      });
      if (response.ok) return { ok: true };
      const body = (await response.json().catch(() => ({}))) as { message?: string };
      return { ok: false, error: `Aiven answered ${response.status}: ${body.message ?? 'no message'}` };
    },
  };
}

export type SandboxControls = ReturnType<typeof makeSandboxControls>;
