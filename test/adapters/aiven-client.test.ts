import { AivenApiError, isRetryableAivenError, makeAivenClient } from '../../src/adapters/aiven/client';
import { makeLogger } from '../../src/logger';
import type { PeeringSpec } from '../../src/peering/model';
import type { AivenApi } from '../../src/peering/ports';
import { type AivenSandbox, SEED_IDS, SEED_PEER, startAivenSandbox } from '../../src/sandbox/aiven-sandbox';

const TOKEN = 'sandbox-token-7f3c9a1e5b2d';

let sandbox: AivenSandbox;
let logLines: string[];
let sleeps: number[];

function client(overrides: Partial<Parameters<typeof makeAivenClient>[0]> = {}): AivenApi {
  return makeAivenClient({
    apiUrl: sandbox.url,
    token: TOKEN,
    organizationId: sandbox.organizationId,
    // No `secrets` option: the client itself must keep the token out of logs, not the logger's scrubbing.
    logger: makeLogger({ level: 'debug', destination: { write: (line: string) => logLines.push(line) } }),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<AivenApiError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AivenApiError) return err;
    throw err;
  }
  throw new Error('expected an AivenApiError');
}

const spec = (over: Partial<PeeringSpec> = {}): PeeringSpec => ({
  orgVpcId: SEED_IDS.stagingUs,
  awsAccountId: '210987654321',
  awsVpcId: 'vpc-0123456789abcdef0',
  awsRegion: 'us-east-2',
  extraCidrs: [],
  ...over,
});

beforeEach(async () => {
  sandbox = await startAivenSandbox({ token: TOKEN });
  logLines = [];
  sleeps = [];
});

afterEach(async () => {
  await sandbox.close();
});

describe('reading org VPCs', () => {
  it('lists org VPCs in the product words', async () => {
    const vpcs = await client().listOrgVpcs();
    expect(vpcs).toEqual([
      {
        id: SEED_IDS.prodEu,
        name: 'prod-eu',
        cloudName: 'aws-eu-west-1',
        awsRegion: 'eu-west-1',
        cidr: '10.20.0.0/24',
        state: 'ACTIVE',
      },
      {
        id: SEED_IDS.stagingUs,
        name: 'staging-us',
        cloudName: 'aws-us-east-1',
        awsRegion: 'us-east-1',
        cidr: '10.30.0.0/24',
        state: 'ACTIVE',
      },
      expect.objectContaining({ id: SEED_IDS.analyticsEu, awsRegion: 'eu-central-1', state: 'APPROVED' }),
    ]);
    expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /organization/${sandbox.organizationId}/vpcs`,
    ]);
  });

  it('gets one org VPC with its peerings, filling in the region Aiven leaves out', async () => {
    const details = await client().getOrgVpc(SEED_IDS.prodEu);
    expect(details.vpc.name).toBe('prod-eu');
    expect(details.peerings).toEqual([
      {
        id: SEED_IDS.prodEuPeering,
        orgVpcId: SEED_IDS.prodEu,
        awsAccountId: SEED_PEER.awsAccountId,
        awsVpcId: SEED_PEER.awsVpcId,
        awsRegion: 'eu-west-1',
        state: 'ACTIVE',
        stateInfo: expect.objectContaining({ awsPeeringConnectionId: SEED_PEER.awsPeeringConnectionId }),
        extraCidrs: [],
        createTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        updateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
  });

  it('uses the id as the name when Aiven has no display_name', async () => {
    const body = {
      vpcs: [
        {
          organization_vpc_id: 'v1',
          organization_id: 'o',
          clouds: [{ cloud_name: 'google-europe-west1', network_cidr: '10.9.0.0/24' }],
          state: 'ACTIVE',
          create_time: '',
          update_time: '',
        },
      ],
    };
    const fake = (async () => new Response(JSON.stringify(body), { status: 200 })) as typeof fetch;
    const [vpc] = await client({ fetch: fake }).listOrgVpcs();
    expect(vpc).toMatchObject({
      id: 'v1',
      name: 'v1',
      cloudName: 'google-europe-west1',
      awsRegion: undefined,
    });
  });

  it('works with a base URL ending in a slash and encodes path parameters', async () => {
    const err = await failure(client({ apiUrl: `${sandbox.url}/` }).getOrgVpc('a/b c'));
    expect(sandbox.requests[0]?.path).toBe(`/organization/${sandbox.organizationId}/vpcs/a%2Fb%20c`);
    expect(err).toMatchObject({ kind: 'http', status: 404, aivenMessage: 'Organization VPC not found' });
  });
});

describe('creating and deleting peerings', () => {
  it('sends exactly the body Aiven expects, without empty user_peer_network_cidrs', async () => {
    const peering = await client().createPeering(spec());
    expect(sandbox.requests).toHaveLength(1);
    expect(sandbox.requests[0]).toMatchObject({
      method: 'POST',
      path: `/organization/${sandbox.organizationId}/vpcs/${SEED_IDS.stagingUs}/peering-connections`,
      body: {
        peer_cloud_account: '210987654321',
        peer_vpc: 'vpc-0123456789abcdef0',
        peer_region: 'us-east-2',
      },
    });
    expect(Object.keys(sandbox.requests[0]?.body as object)).not.toContain('user_peer_network_cidrs');
    expect(peering).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      orgVpcId: SEED_IDS.stagingUs,
      awsAccountId: '210987654321',
      awsVpcId: 'vpc-0123456789abcdef0',
      awsRegion: 'us-east-2',
      state: 'APPROVED',
      stateInfo: { type: expect.any(String), message: expect.any(String) },
      extraCidrs: [],
      createTime: expect.any(String),
      updateTime: expect.any(String),
    });
    expect(sandbox.peerings().map((p) => p.peering_connection_id)).toContain(peering.id);
  });

  it('sends extra CIDRs as user_peer_network_cidrs', async () => {
    const peering = await client().createPeering(spec({ extraCidrs: ['172.16.0.0/16', '192.168.10.0/24'] }));
    expect(sandbox.requests[0]?.body).toEqual({
      peer_cloud_account: '210987654321',
      peer_vpc: 'vpc-0123456789abcdef0',
      peer_region: 'us-east-2',
      user_peer_network_cidrs: ['172.16.0.0/16', '192.168.10.0/24'],
    });
    expect(peering.extraCidrs).toEqual(['172.16.0.0/16', '192.168.10.0/24']);
  });

  it('deletes a peering', async () => {
    await client().deletePeering(SEED_IDS.prodEu, SEED_IDS.prodEuPeering);
    expect(sandbox.requests[0]).toMatchObject({
      method: 'DELETE',
      path: `/organization/${sandbox.organizationId}/vpcs/${SEED_IDS.prodEu}/peering-connections/${SEED_IDS.prodEuPeering}`,
    });
    expect(sandbox.peerings().find((p) => p.peering_connection_id === SEED_IDS.prodEuPeering)?.state).toBe(
      'DELETING',
    );
  });

  it('treats deleting a peering that is already gone as success', async () => {
    await expect(
      client().deletePeering(SEED_IDS.prodEu, '00000000-0000-4000-8000-000000000000'),
    ).resolves.toBeUndefined();
    expect(sandbox.requests).toHaveLength(1);
  });
});

describe('errors', () => {
  it('sends the aivenv1 token, and a wrong token gives a 401 with Aiven message', async () => {
    await client().listOrgVpcs();
    expect(sandbox.requests[0]?.headers.authorization).toBe(`aivenv1 ${TOKEN}`);

    const err = await failure(client({ token: 'wrong-token-123456' }).listOrgVpcs());
    expect(err).toMatchObject({ kind: 'http', status: 401, aivenMessage: 'Invalid token', retryable: false });
    expect(err.method).toBe('GET');
    expect(err.path).toBe(`/organization/${sandbox.organizationId}/vpcs`);
    expect(sandbox.requests).toHaveLength(2);
  });

  it('passes Aiven 404 messages on', async () => {
    const err = await failure(makeAivenClientFor('org0000000000').listOrgVpcs());
    expect(err).toMatchObject({ status: 404, aivenMessage: 'Organization not found', retryable: false });
    expect(isRetryableAivenError(err)).toBe(false);
  });

  it('explains a 2xx body it cannot read instead of throwing a TypeError', async () => {
    const notJson = (async () => new Response('<html>gateway</html>', { status: 200 })) as typeof fetch;
    const err1 = await failure(client({ fetch: notJson }).listOrgVpcs());
    expect(err1.aivenMessage).toBe('Aiven sent an unexpected response: a body that is not JSON');

    const wrongShape = (async () =>
      new Response(JSON.stringify({ vpcs: 'nope' }), { status: 200 })) as typeof fetch;
    const err2 = await failure(client({ fetch: wrongShape }).listOrgVpcs());
    expect(err2.aivenMessage).toBe('Aiven sent an unexpected response: response.vpcs is not a list');
  });

  it('describes an error body without a message in plain words', async () => {
    const html = (async () => new Response('<html>bad gateway</html>', { status: 502 })) as typeof fetch;
    const err = await failure(
      client({ fetch: html, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }).listOrgVpcs(),
    );
    expect(err).toMatchObject({ status: 502, retryable: true });
    expect(err.aivenMessage).toMatch(/^Aiven answered HTTP 502/);
  });

  it('gives kind network with plain words when Aiven cannot be reached', async () => {
    const closed = await startAivenSandbox();
    await closed.close();
    const err = await failure(
      client({ apiUrl: closed.url, retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 100 } }).listOrgVpcs(),
    );
    expect(err).toMatchObject({ kind: 'network', retryable: true, attempts: 2 });
    expect(err.aivenMessage).toMatch(/^Could not reach Aiven at 127\.0\.0\.1:\d+/);
  });

  it('maps a peering state newer than this code to ERROR instead of failing the read', async () => {
    const body = {
      organization_vpc_id: 'v1',
      clouds: [{ cloud_name: 'aws-eu-west-1', network_cidr: '10.0.0.0/24' }],
      state: 'ACTIVE',
      peering_connections: [
        { peering_connection_id: 'p1', peer_cloud_account: '1', peer_vpc: 'vpc-1', state: 'SOMETHING_NEW' },
        // Transit gateway attachments are not peerings the bot manages.
        {
          peering_connection_id: 'p2',
          peer_cloud_account: '1',
          peer_vpc: 'vpc-1',
          state: 'ACTIVE',
          vpc_peering_connection_type: 'aws-tgw-vpc-attachment',
        },
      ],
    };
    const fake = (async () => new Response(JSON.stringify(body), { status: 200 })) as typeof fetch;
    const details = await client({ fetch: fake }).getOrgVpc('v1');
    expect(details.peerings.map((p) => [p.id, p.state, p.awsRegion])).toEqual([['p1', 'ERROR', 'eu-west-1']]);
    expect(logLines.some((l) => l.includes('SOMETHING_NEW'))).toBe(true);
  });
});

function makeAivenClientFor(organizationId: string): AivenApi {
  return client({ organizationId });
}

describe('retries', () => {
  it('retries GET on 503 with exponential backoff and full jitter', async () => {
    sandbox.failNext({ method: 'GET', status: 503, times: 2 });
    const vpcs = await client().listOrgVpcs();
    expect(vpcs).toHaveLength(3);
    expect(sandbox.requests).toHaveLength(3);
    // random() = 0.5 of min(8000, 500 * 2^n)
    expect(sleeps).toEqual([250, 500]);
  });

  it('retries GET on 429, honouring Retry-After capped at the maximum delay', async () => {
    sandbox.failNext({ status: 429, retryAfterSeconds: 3 });
    sandbox.failNext({ status: 429, retryAfterSeconds: 60 });
    await client().getOrgVpc(SEED_IDS.prodEu);
    expect(sandbox.requests).toHaveLength(3);
    expect(sleeps).toEqual([3000, 8000]);
  });

  it('gives up after the configured attempts with the last error', async () => {
    sandbox.failNext({ status: 500, message: 'Internal error, please try again', times: 10 });
    const err = await failure(client().listOrgVpcs());
    expect(err).toMatchObject({ status: 500, aivenMessage: 'Internal error, please try again', attempts: 4 });
    expect(isRetryableAivenError(err)).toBe(true);
    expect(sandbox.requests).toHaveLength(4);
  });

  it('never retries POST, even on 503', async () => {
    sandbox.failNext({ method: 'POST', status: 503 });
    const err = await failure(client().createPeering(spec()));
    expect(err).toMatchObject({ status: 503, retryable: true, attempts: 1 });
    expect(sandbox.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries DELETE on 502, and a 404 on the retry means it is gone', async () => {
    // The first DELETE took effect but its answer was lost.
    sandbox.failNext({ method: 'DELETE', status: 502, afterEffect: true });
    await client().deletePeering(SEED_IDS.prodEu, SEED_IDS.prodEuPeering);
    expect(sandbox.requests.map((r) => r.method)).toEqual(['DELETE', 'DELETE']);
  });

  it('does not retry 4xx other than 408 and 429', async () => {
    sandbox.failNext({ status: 403, message: 'Forbidden' });
    const err = await failure(client().listOrgVpcs());
    expect(err).toMatchObject({ status: 403, aivenMessage: 'Forbidden', retryable: false });
    expect(sandbox.requests).toHaveLength(1);
  });
});

describe('timeouts', () => {
  it('gives kind timeout in plain words, retrying GET', async () => {
    sandbox.failNext({ hang: true, times: 5 });
    const err = await failure(
      client({ timeoutMs: 200, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }).listOrgVpcs(),
    );
    expect(err).toMatchObject({
      kind: 'timeout',
      aivenMessage: 'Aiven did not answer within 200 ms',
      retryable: true,
      attempts: 2,
    });
    expect(err.status).toBeUndefined();
    expect(sandbox.requests).toHaveLength(2);
  });

  it('says "10 s" with the default timeout', async () => {
    jest.useFakeTimers();
    try {
      const never = ((_url: string, init: RequestInit) =>
        new Promise((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        })) as typeof fetch;
      const pending = failure(client({ fetch: never }).createPeering(spec()));
      await jest.advanceTimersByTimeAsync(10_000);
      const err = await pending;
      expect(err).toMatchObject({ kind: 'timeout', aivenMessage: 'Aiven did not answer within 10 s' });
    } finally {
      jest.useRealTimers();
    }
  });

  it('never retries a timed-out POST', async () => {
    sandbox.failNext({ method: 'POST', hang: true, afterEffect: true });
    const err = await failure(client({ timeoutMs: 200 }).createPeering(spec()));
    expect(err.kind).toBe('timeout');
    expect(sandbox.requests).toHaveLength(1);
    // The peering exists although the answer never came: the caller must look before creating again.
    expect(sandbox.peerings().filter((p) => p.peer_vpc === 'vpc-0123456789abcdef0')).toHaveLength(1);
  });
});

describe('logging', () => {
  it('logs each request at debug without the token', async () => {
    const api = client();
    await api.listOrgVpcs();
    sandbox.failNext({ status: 503 });
    await api.getOrgVpc(SEED_IDS.prodEu);
    await failure(client({ token: `${TOKEN}-wrong` }).listOrgVpcs());
    const err = await failure(api.createPeering(spec({ orgVpcId: 'missing' })));

    const entries = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries).toContainEqual(
      expect.objectContaining({
        level: 20,
        method: 'GET',
        path: `/organization/${sandbox.organizationId}/vpcs`,
        status: 200,
        ms: expect.any(Number),
      }),
    );
    expect(entries.filter((e) => e.msg === 'aiven request' && e.status === 503)).toHaveLength(1);
    expect(logLines.length).toBeGreaterThanOrEqual(5);
    for (const line of logLines) {
      expect(line).not.toContain(TOKEN);
      expect(line.toLowerCase()).not.toContain('authorization');
    }
    expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain(TOKEN);
  });
});
