import { makeAivenClient } from '../../src/adapters/aiven/client';
import type {
  WireErrorBody,
  WireOrgVpcGetResponse,
  WireOrgVpcListResponse,
} from '../../src/adapters/aiven/wire';
import { makeLogger } from '../../src/logger';
import type { AivenPeering, PeeringSpec } from '../../src/peering/model';
import type { AivenApi } from '../../src/peering/ports';
import {
  type AivenSandbox,
  SANDBOX_TIMINGS,
  SEED_IDS,
  SEED_PEER,
  startAivenSandbox,
} from '../../src/sandbox/aiven-sandbox';

let sandbox: AivenSandbox;
let api: AivenApi;

beforeEach(async () => {
  sandbox = await startAivenSandbox();
  api = makeAivenClient({
    apiUrl: sandbox.url,
    token: sandbox.token,
    organizationId: sandbox.organizationId,
    logger: makeLogger({ level: 'silent' }),
    sleep: async () => {},
  });
});

afterEach(async () => {
  await sandbox.close();
});

const spec = (over: Partial<PeeringSpec> = {}): PeeringSpec => ({
  orgVpcId: SEED_IDS.prodEu,
  awsAccountId: '210987654321',
  awsVpcId: 'vpc-0123456789abcdef0',
  awsRegion: 'eu-west-1',
  extraCidrs: [],
  ...over,
});

async function peeringNow(created: AivenPeering): Promise<AivenPeering> {
  const { peerings } = await api.getOrgVpc(created.orgVpcId);
  const found = peerings.find((p) => p.id === created.id);
  if (!found) throw new Error(`peering ${created.id} not listed`);
  return found;
}

/** Raw HTTP, for what the client never sends (bad bodies, wrong methods, no token). */
async function call(
  method: string,
  path: string,
  body?: unknown,
  auth: string | null = `aivenv1 ${sandbox.token}`,
) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (auth !== null) headers.Authorization = auth;
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(`${sandbox.url}${path}`, init);
  return { status: response.status, headers: response.headers, body: (await response.json()) as unknown };
}

const org = () => `/organization/${sandbox.organizationId}`;
const peeringsPath = (vpc: string = SEED_IDS.prodEu) => `${org()}/vpcs/${vpc}/peering-connections`;

describe('seed data', () => {
  it('starts with three org VPCs in the spec shape, one being built', async () => {
    const { status, body } = await call('GET', `${org()}/vpcs`);
    expect(status).toBe(200);
    const list = body as WireOrgVpcListResponse;
    expect(sandbox.organizationId).toMatch(/^org[0-9a-f]{11}$/);
    expect(
      list.vpcs.map((v) => [v.display_name, v.clouds[0]?.cloud_name, v.clouds[0]?.network_cidr, v.state]),
    ).toEqual([
      ['prod-eu', 'aws-eu-west-1', '10.20.0.0/24', 'ACTIVE'],
      ['staging-us', 'aws-us-east-1', '10.30.0.0/24', 'ACTIVE'],
      ['analytics-eu', 'aws-eu-central-1', '10.40.0.0/24', 'APPROVED'],
    ]);
    for (const vpc of list.vpcs) {
      expect(vpc.organization_vpc_id).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(new Date(vpc.create_time).toISOString()).toBe(vpc.create_time);
      expect(vpc).not.toHaveProperty('peering_connections');
    }
  });

  it('has one ACTIVE peering on prod-eu', async () => {
    const { body } = await call('GET', `${org()}/vpcs/${SEED_IDS.prodEu}`);
    const vpc = body as WireOrgVpcGetResponse;
    expect(vpc.peering_connections).toEqual([
      expect.objectContaining({
        peering_connection_id: SEED_IDS.prodEuPeering,
        peer_cloud_account: '123456789012',
        peer_vpc: 'vpc-0a1b2c3d4e5f67890',
        state: 'ACTIVE',
        vpc_peering_connection_type: 'aws-vpc-peering-connection',
        state_info: expect.objectContaining({
          aws_vpc_peering_connection_id: SEED_PEER.awsPeeringConnectionId,
        }),
      }),
    ]);
  });

  it('can start empty of peerings and VPCs', async () => {
    const empty = await startAivenSandbox({ seed: false, organizationId: 'org0a0a0a0a0a0', token: 'other' });
    try {
      expect(empty.vpcs()).toEqual([]);
      expect(empty.token).toBe('other');
    } finally {
      await empty.close();
    }
  });
});

describe('peering lifecycle on the manual clock', () => {
  it('goes APPROVED -> PENDING_PEER with a pcx id -> ACTIVE', async () => {
    const created = await api.createPeering(spec());
    expect(created.state).toBe('APPROVED');

    sandbox.advance(SANDBOX_TIMINGS.approvedMs - 1);
    expect((await peeringNow(created)).state).toBe('APPROVED');

    sandbox.advance(1);
    const pending = await peeringNow(created);
    expect(pending.state).toBe('PENDING_PEER');
    expect(pending.stateInfo.awsPeeringConnectionId).toMatch(/^pcx-[0-9a-f]{17}$/);
    expect(pending.stateInfo.message).toContain('Accept');
    expect(pending.stateInfo.message).toContain(pending.stateInfo.awsPeeringConnectionId);

    sandbox.advance(SANDBOX_TIMINGS.pendingPeerMs);
    const active = await peeringNow(created);
    expect(active.state).toBe('ACTIVE');
    expect(active.stateInfo.awsPeeringConnectionId).toBe(pending.stateInfo.awsPeeringConnectionId);
    expect(Date.parse(active.updateTime) - Date.parse(created.createTime)).toBe(
      SANDBOX_TIMINGS.approvedMs + SANDBOX_TIMINGS.pendingPeerMs,
    );
  });

  it('walks the whole lifecycle in one big advance', async () => {
    const created = await api.createPeering(spec());
    sandbox.advance(60_000);
    expect((await peeringNow(created)).state).toBe('ACTIVE');
  });

  it('deletes through DELETING to DELETED, keeps showing DELETED for a while, then drops it', async () => {
    await api.deletePeering(SEED_IDS.prodEu, SEED_IDS.prodEuPeering);
    const state = () =>
      sandbox.peerings().find((p) => p.peering_connection_id === SEED_IDS.prodEuPeering)?.state;
    expect(state()).toBe('DELETING');
    sandbox.advance(SANDBOX_TIMINGS.deletingMs);
    expect(state()).toBe('DELETED');
    const { peerings } = await api.getOrgVpc(SEED_IDS.prodEu);
    expect(peerings.map((p) => p.state)).toEqual(['DELETED']);
    // Deleting again is a 404, which the client takes as "already gone".
    await api.deletePeering(SEED_IDS.prodEu, SEED_IDS.prodEuPeering);
    expect(sandbox.requests.at(-1)?.method).toBe('DELETE');
    sandbox.advance(SANDBOX_TIMINGS.deletedVisibleMs);
    expect(state()).toBeUndefined();
  });

  it('lets tests force a state, which stops the lifecycle', async () => {
    const created = await api.createPeering(spec());
    sandbox.setPeeringState(created.id, 'REJECTED_BY_PEER', { type: 'rejected', message: 'Rejected in AWS' });
    sandbox.advance(60_000);
    expect(await peeringNow(created)).toMatchObject({
      state: 'REJECTED_BY_PEER',
      stateInfo: { type: 'rejected', message: 'Rejected in AWS' },
    });
  });
});

describe('INVALID_SPECIFICATION', () => {
  async function settled(s: PeeringSpec): Promise<AivenPeering> {
    const created = await api.createPeering(s);
    expect(created.state).toBe('APPROVED');
    sandbox.advance(SANDBOX_TIMINGS.approvedMs);
    return peeringNow(created);
  }

  it('for an AWS account that does not exist', async () => {
    const peering = await settled(spec({ awsAccountId: '000000000000' }));
    expect(peering.state).toBe('INVALID_SPECIFICATION');
    expect(peering.stateInfo.type).toBe('invalid-specification');
    expect(peering.stateInfo.message).toBe(
      'VPC peering connection request to AWS account 000000000000 VPC vpc-0123456789abcdef0 in eu-west-1 failed: ' +
        'the AWS account or VPC does not exist or is not accessible',
    );
    sandbox.advance(60_000);
    expect((await peeringNow(peering)).state).toBe('INVALID_SPECIFICATION');
  });

  it('for a VPC id ending in dead', async () => {
    const peering = await settled(spec({ awsVpcId: 'vpc-0123456789abcdead' }));
    expect(peering.state).toBe('INVALID_SPECIFICATION');
  });

  it('for an AWS region given as an Aiven cloud name', async () => {
    const peering = await settled(spec({ awsRegion: 'aws-eu-west-1' }));
    expect(peering.state).toBe('INVALID_SPECIFICATION');
    expect(peering.stateInfo.message).toContain("unknown AWS region 'aws-eu-west-1'");
  });

  it('for extra CIDRs overlapping the org VPC, with an overlap warning', async () => {
    const peering = await settled(spec({ extraCidrs: ['172.16.0.0/16', '10.20.0.0/16'] }));
    expect(peering.state).toBe('INVALID_SPECIFICATION');
    expect(peering.stateInfo.message).toContain(
      '10.20.0.0/16 overlaps with the Aiven VPC network 10.20.0.0/24',
    );
    expect(peering.stateInfo.warnings).toEqual([
      { type: 'overlapping-peer-vpc-ip-ranges', message: expect.stringContaining('overlaps') },
    ]);
  });

  it('for a peer VPC whose own CIDR overlaps the org VPC', async () => {
    sandbox.setAwsVpcCidr('vpc-0123456789abcdef0', '10.20.0.128/25');
    const peering = await settled(spec());
    expect(peering.state).toBe('INVALID_SPECIFICATION');
    expect(peering.stateInfo.warnings?.[0]?.type).toBe('overlapping-peer-vpc-ip-ranges');
  });
});

describe('like the real API', () => {
  it('accepts a duplicate of an existing peering and creates a second one', async () => {
    const duplicate = await api.createPeering(
      spec({
        awsAccountId: SEED_PEER.awsAccountId,
        awsVpcId: SEED_PEER.awsVpcId,
        awsRegion: SEED_PEER.awsRegion,
      }),
    );
    expect(duplicate.id).not.toBe(SEED_IDS.prodEuPeering);
    const { peerings } = await api.getOrgVpc(SEED_IDS.prodEu);
    expect(peerings.filter((p) => p.awsVpcId === SEED_PEER.awsVpcId).map((p) => p.state)).toEqual([
      'ACTIVE',
      'APPROVED',
    ]);
  });

  it.each([
    ['a body that is not an object', [], 'Invalid request body: expected a JSON object'],
    ['no peer_vpc', { peer_cloud_account: '210987654321' }, "Missing required field 'peer_vpc'"],
    ['no peer_cloud_account', { peer_vpc: 'vpc-1' }, "Missing required field 'peer_cloud_account'"],
    [
      'a number account',
      { peer_cloud_account: 210987654321, peer_vpc: 'vpc-1' },
      'Invalid input for peer_cloud_account: expected a string',
    ],
    [
      'an invalid CIDR',
      { peer_cloud_account: '1', peer_vpc: 'vpc-1', user_peer_network_cidrs: ['10.0.0.1/24'] },
      "Invalid input for user_peer_network_cidrs: '10.0.0.1/24' is not a valid IPv4 network in CIDR notation",
    ],
    [
      'a CIDR out of range',
      { peer_cloud_account: '1', peer_vpc: 'vpc-1', user_peer_network_cidrs: ['300.0.0.0/8'] },
      "Invalid input for user_peer_network_cidrs: '300.0.0.0/8' is not a valid IPv4 network in CIDR notation",
    ],
    [
      'more than 128 CIDRs',
      {
        peer_cloud_account: '1',
        peer_vpc: 'vpc-1',
        user_peer_network_cidrs: Array.from({ length: 129 }, (_, i) => `172.16.${i}.0/24`),
      },
      'Invalid input for user_peer_network_cidrs: at most 128 items allowed, got 129',
    ],
    [
      'an unknown field',
      { peer_cloud_account: '1', peer_vpc: 'vpc-1', region: 'x' },
      "Invalid input: unknown field 'region'",
    ],
    ['text that is not JSON', '{nope', 'Invalid request body: not valid JSON'],
  ])('answers 400 for %s', async (_what, body, message) => {
    const response = await call('POST', peeringsPath(), body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      message,
      errors: [{ message, status: 400, error_code: 'invalid_input' }],
    });
    expect(sandbox.peerings()).toHaveLength(1);
  });

  it('accepts 128 CIDRs and a null peer_region', async () => {
    const cidrs = Array.from({ length: 128 }, (_, i) => `172.16.${i}.0/24`);
    const response = await call('POST', peeringsPath(SEED_IDS.stagingUs), {
      peer_cloud_account: '210987654321',
      peer_vpc: 'vpc-1',
      peer_region: null,
      user_peer_network_cidrs: cidrs,
    });
    expect(response.status).toBe(200);
    expect(response.body).not.toHaveProperty('peer_region');
    const mapped = (await api.getOrgVpc(SEED_IDS.stagingUs)).peerings[0];
    expect(mapped?.awsRegion).toBe('us-east-1');
  });

  it('answers 401 without a token or with another one', async () => {
    const missing = await call('GET', `${org()}/vpcs`, undefined, null);
    expect(missing.status).toBe(401);
    expect((missing.body as WireErrorBody).message).toBe('Authentication required');
    const bearer = await call('GET', `${org()}/vpcs`, undefined, `Bearer ${sandbox.token}`);
    expect(bearer.status).toBe(401);
  });

  it('answers 404 for unknown organizations, VPCs, peerings and paths', async () => {
    const unknownOrg = await call('GET', '/organization/org0000000000/vpcs');
    expect(unknownOrg).toMatchObject({ status: 404, body: { message: 'Organization not found' } });
    expect((unknownOrg.body as WireErrorBody).errors?.[0]?.error_code).toBe('organization_not_found');
    expect((await call('GET', `${org()}/vpcs/nope`)).status).toBe(404);
    expect(
      (await call('POST', peeringsPath('nope'), { peer_cloud_account: '1', peer_vpc: 'v' })).status,
    ).toBe(404);
    expect((await call('DELETE', `${peeringsPath()}/nope`)).body).toMatchObject({
      message: 'Peering connection not found',
    });
    expect((await call('GET', `${org()}/something`)).status).toBe(404);
    expect((await call('GET', `${org()}/vpc/${SEED_IDS.prodEu}`)).status).toBe(404);
  });

  it('answers 405 for a wrong method, naming the allowed one', async () => {
    const response = await call('PUT', `${org()}/vpcs/${SEED_IDS.prodEu}`, {});
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect((await call('GET', peeringsPath())).status).toBe(405);
  });

  it('lists the clouds org VPCs can be made in', async () => {
    const response = await call('GET', `${org()}/vpc-clouds`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      clouds: expect.arrayContaining([expect.objectContaining({ cloud_name: 'aws-eu-west-1' })]),
    });
  });
});

describe('test controls', () => {
  it('records requests with their bodies and headers', async () => {
    await api.createPeering(spec({ extraCidrs: ['172.16.0.0/16'] }));
    expect(sandbox.requests).toEqual([
      {
        method: 'POST',
        path: peeringsPath(),
        body: {
          peer_cloud_account: '210987654321',
          peer_vpc: 'vpc-0123456789abcdef0',
          peer_region: 'eu-west-1',
          user_peer_network_cidrs: ['172.16.0.0/16'],
        },
        headers: expect.objectContaining({ authorization: `aivenv1 ${sandbox.token}` }),
      },
    ]);
  });

  it('fails only matching requests, as many times as asked, with the given message', async () => {
    sandbox.failNext({
      method: 'POST',
      pathIncludes: 'peering-connections',
      status: 503,
      message: 'Try later',
      times: 2,
    });
    expect((await call('GET', `${org()}/vpcs`)).status).toBe(200);
    const body = { peer_cloud_account: '1', peer_vpc: 'vpc-1' };
    expect(await call('POST', peeringsPath(), body)).toMatchObject({
      status: 503,
      body: { message: 'Try later' },
    });
    expect((await call('POST', peeringsPath(), body)).status).toBe(503);
    expect((await call('POST', peeringsPath(), body)).status).toBe(200);
    expect(sandbox.peerings()).toHaveLength(2);
  });

  it('applies latency to every answer', async () => {
    sandbox.setLatency(100);
    const started = performance.now();
    await api.listOrgVpcs();
    // Only a lower bound: a slow machine may take longer, never shorter.
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
  });

  it('closes even while a request hangs', async () => {
    sandbox.failNext({ hang: true });
    const pending = fetch(`${sandbox.url}${org()}/vpcs`).catch((err: unknown) => err);
    while (sandbox.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await sandbox.close();
    expect(String(await pending)).toContain('fetch failed');
    sandbox = await startAivenSandbox();
  });

  it('with the real clock, advance() still moves it on', async () => {
    const real = await startAivenSandbox({ clock: 'real' });
    try {
      const client = makeAivenClient({
        apiUrl: real.url,
        token: real.token,
        organizationId: real.organizationId,
        logger: makeLogger({ level: 'silent' }),
      });
      const created = await client.createPeering(spec());
      real.advance(SANDBOX_TIMINGS.approvedMs);
      expect(real.peerings().find((p) => p.peering_connection_id === created.id)?.state).toBe('PENDING_PEER');
    } finally {
      await real.close();
    }
  });
});
