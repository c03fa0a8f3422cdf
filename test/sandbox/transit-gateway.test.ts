// The sandbox's Aiven for Transit Gateway attachments (aws-tgw-vpc-attachment), over its HTTP API:
// stored and listed as the spec shapes them, and followed through Aiven's AWS account. The AWS side is
// faked here at the sandbox's network edge (SandboxAwsSide); tgwb's tests drive the moto one.
import { makeAivenClient } from '../../src/adapters/aiven/client';
import type { WireOrgVpcGetResponse, WirePeering } from '../../src/adapters/aiven/wire';
import { makeLogger } from '../../src/logger';
import type { AivenApi } from '../../src/peering/ports';
import {
  type AivenSandbox,
  SANDBOX_TIMINGS,
  type SandboxAwsSide,
  SEED_IDS,
  startAivenSandbox,
} from '../../src/sandbox/aiven-sandbox';

const TGW = 'tgw-0123456789abcdef0';
const ACCOUNT = '210987654321';

/** Aiven's AWS account as the sandbox sees it: records every call, answers what the test sets. */
class FakeAwsSide implements SandboxAwsSide {
  calls: string[] = [];
  status: string | undefined = 'pendingAcceptance';
  refuse: string | undefined;
  async requestPeering(): Promise<string> {
    throw new Error('not a peering');
  }
  async peeringStatus(): Promise<string | undefined> {
    throw new Error('not a peering');
  }
  async deletePeering(): Promise<void> {
    throw new Error('not a peering');
  }
  async requestTransitGatewayAttachment(input: {
    orgVpcCidr: string;
    orgVpcRegion: string;
    peerAccountId: string;
    transitGatewayId: string;
  }): Promise<string> {
    this.calls.push(
      `request ${input.transitGatewayId} ${input.peerAccountId} ${input.orgVpcRegion} ${input.orgVpcCidr}`,
    );
    if (this.refuse) throw new Error(this.refuse);
    return 'tgw-attach-0aaaabbbbccccdddd';
  }
  async attachmentStatus(id: string, region: string): Promise<string | undefined> {
    this.calls.push(`status ${id} ${region}`);
    return this.status;
  }
  async deleteAttachment(id: string, region: string): Promise<void> {
    this.calls.push(`delete ${id} ${region}`);
  }
}

let sandbox: AivenSandbox;
let api: AivenApi;
let aws: FakeAwsSide | undefined;

async function start(withAws: boolean): Promise<void> {
  aws = withAws ? new FakeAwsSide() : undefined;
  sandbox = await startAivenSandbox(aws ? { aws } : {});
  api = makeAivenClient({
    apiUrl: sandbox.url,
    token: sandbox.token,
    organizationId: sandbox.organizationId,
    logger: makeLogger({ level: 'silent' }),
    sleep: async () => {},
  });
}

afterEach(async () => {
  await sandbox.close();
});

const path = () => `/organization/${sandbox.organizationId}/vpcs/${SEED_IDS.prodEu}`;

async function attachmentNow(): Promise<WirePeering> {
  const response = await fetch(`${sandbox.url}${path()}`, {
    headers: { Authorization: `aivenv1 ${sandbox.token}` },
  });
  const vpc = (await response.json()) as WireOrgVpcGetResponse;
  const found = vpc.peering_connections.find((p) => p.peer_vpc === TGW);
  if (!found) throw new Error('attachment not listed');
  return found as WirePeering;
}

async function requestAttachment(): Promise<string> {
  const created = await api.createPeering({
    orgVpcId: SEED_IDS.prodEu,
    awsAccountId: ACCOUNT,
    awsVpcId: TGW,
    awsRegion: 'eu-west-1',
    extraCidrs: ['10.50.0.0/16', '10.60.0.0/16'],
  });
  return created.id;
}

describe('Transit Gateway attachments in the Aiven sandbox', () => {
  it('stores a tgw- request as aws-tgw-vpc-attachment with its CIDRs, APPROVED first', async () => {
    await start(false);
    await requestAttachment();
    const stored = await attachmentNow();
    expect(stored).toMatchObject({
      peer_cloud_account: ACCOUNT,
      peer_vpc: TGW,
      state: 'APPROVED',
      user_peer_network_cidrs: ['10.50.0.0/16', '10.60.0.0/16'],
      vpc_peering_connection_type: 'aws-tgw-vpc-attachment',
    });
  });

  it('without AWS, plays PENDING_PEER (naming a tgw-attach- to accept) then ACTIVE on the clock', async () => {
    await start(false);
    await requestAttachment();
    sandbox.advance(SANDBOX_TIMINGS.approvedMs);
    const pending = await attachmentNow();
    expect(pending.state).toBe('PENDING_PEER');
    expect(pending.state_info.message).toMatch(
      new RegExp(
        `^Accept Transit Gateway attachment tgw-attach-[0-9a-f]{17} to ${TGW} in AWS account ${ACCOUNT} \\(eu-west-1\\) and route 10\\.20\\.0\\.0/24 through the Transit Gateway$`,
      ),
    );
    sandbox.advance(SANDBOX_TIMINGS.pendingPeerMs);
    expect((await attachmentNow()).state).toBe('ACTIVE');
  });

  it('with AWS, requests the attachment there, follows it to ACTIVE and deletes it once with the peering', async () => {
    await start(true);
    const id = await requestAttachment();
    sandbox.advance(SANDBOX_TIMINGS.approvedMs);
    await sandbox.syncAws();
    const pending = await attachmentNow();
    expect(pending.state).toBe('PENDING_PEER');
    expect(pending.state_info.message).toBe(
      `Accept Transit Gateway attachment tgw-attach-0aaaabbbbccccdddd to ${TGW} in AWS account ${ACCOUNT} (eu-west-1) and route 10.20.0.0/24 through the Transit Gateway`,
    );
    expect(aws?.calls.filter((c) => c.startsWith('request'))).toEqual([
      `request ${TGW} ${ACCOUNT} eu-west-1 10.20.0.0/24`,
    ]);

    await sandbox.syncAws();
    expect((await attachmentNow()).state).toBe('PENDING_PEER');
    if (aws) aws.status = 'available';
    await sandbox.syncAws();
    const active = await attachmentNow();
    expect(active.state).toBe('ACTIVE');
    expect(active.state_info.message).toBe(
      `Transit Gateway attachment tgw-attach-0aaaabbbbccccdddd to ${TGW} is active`,
    );

    await api.deletePeering(SEED_IDS.prodEu, id);
    await sandbox.syncAws();
    await sandbox.syncAws();
    expect(aws?.calls.filter((c) => c.startsWith('delete'))).toEqual([
      'delete tgw-attach-0aaaabbbbccccdddd eu-west-1',
    ]);
    expect(aws?.calls.filter((c) => c.startsWith('request'))).toHaveLength(1);
  });

  it.each([
    ['rejected', 'REJECTED_BY_PEER', 'was rejected in the account of'],
    ['failed', 'INVALID_SPECIFICATION', 'failed in AWS'],
    [undefined, 'DELETED_BY_PEER', 'was deleted by the peer'],
  ])('an attachment whose AWS status is %p becomes %s', async (status, state, words) => {
    await start(true);
    await requestAttachment();
    sandbox.advance(SANDBOX_TIMINGS.approvedMs);
    await sandbox.syncAws();
    if (aws) aws.status = status;
    await sandbox.syncAws();
    const ended = await attachmentNow();
    expect(ended.state).toBe(state);
    expect(ended.state_info.message).toContain(`tgw-attach-0aaaabbbbccccdddd`);
    expect(ended.state_info.message).toContain(words);
  });

  it('a Transit Gateway not shared with Aiven makes the attachment INVALID_SPECIFICATION with the reason', async () => {
    await start(true);
    if (aws) aws.refuse = `Transit Gateway ${TGW} is not shared with account 675999398324 (RAM)`;
    await requestAttachment();
    sandbox.advance(SANDBOX_TIMINGS.approvedMs);
    await sandbox.syncAws();
    const refused = await attachmentNow();
    expect(refused.state).toBe('INVALID_SPECIFICATION');
    expect(refused.state_info.message).toBe(
      `Transit Gateway attachment to ${TGW} in AWS account ${ACCOUNT} (eu-west-1) failed: Transit Gateway ${TGW} is not shared with account 675999398324 (RAM)`,
    );
  });
});
