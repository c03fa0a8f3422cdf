// The sandbox's PUT .../user-peer-network-cidrs over HTTP: what the spec accepts, what it rejects, and
// the client's request and reading of the answer.
import { makeAivenClient } from '../../src/adapters/aiven/client';
import type { WireErrorBody, WireOrgVpcGetResponse } from '../../src/adapters/aiven/wire';
import { makeLogger } from '../../src/logger';
import { type AivenSandbox, SEED_IDS, SEED_PEER, startAivenSandbox } from '../../src/sandbox/aiven-sandbox';

let sandbox: AivenSandbox;

beforeEach(async () => {
  sandbox = await startAivenSandbox();
});
afterEach(async () => {
  await sandbox.close();
});

const path = (peeringId: string = SEED_IDS.prodEuPeering) =>
  `/organization/${sandbox.organizationId}/vpcs/${SEED_IDS.prodEu}/peering-connections/${peeringId}/user-peer-network-cidrs`;

async function put(body: unknown, method = 'PUT', peeringId?: string) {
  const response = await fetch(`${sandbox.url}${path(peeringId)}`, {
    method,
    headers: { Authorization: `aivenv1 ${sandbox.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as WireErrorBody & WireOrgVpcGetResponse };
}

const add = (cidr: string, over: Record<string, unknown> = {}) => ({
  cidr,
  peer_cloud_account: SEED_PEER.awsAccountId,
  peer_vpc: SEED_PEER.awsVpcId,
  ...over,
});

const cidrsOfSeed = () =>
  sandbox.peerings().find((p) => p.peering_connection_id === SEED_IDS.prodEuPeering)?.user_peer_network_cidrs;

it('adds and deletes, and answers with the whole org VPC', async () => {
  const first = await put({ add: [add('10.50.0.0/16'), add('10.60.0.0/16')] });
  expect(first.status).toBe(200);
  expect(first.body.organization_vpc_id).toBe(SEED_IDS.prodEu);
  expect(
    first.body.peering_connections.find((p) => p.peering_connection_id === SEED_IDS.prodEuPeering)
      ?.user_peer_network_cidrs,
  ).toEqual(['10.50.0.0/16', '10.60.0.0/16']);
  expect((await put({ delete: ['10.50.0.0/16'] })).status).toBe(200);
  expect(cidrsOfSeed()).toEqual(['10.60.0.0/16']);
});

it.each([
  ['a body that is not an object', [], /expected a JSON object/],
  ['an unknown field', { replace: [] }, /unknown field 'replace'/],
  [
    'an add without peer_vpc',
    { add: [{ cidr: '10.50.0.0/16', peer_cloud_account: '123456789012' }] },
    /Missing required field 'add\[0\]\.peer_vpc'/,
  ],
  ['a CIDR longer than 18 characters', { add: [add('010.050.000.000/016')] }, /length must be at most 18/],
  ['a CIDR with leading zeros', { add: [add('10.050.0.0/16')] }, /not a valid IPv4 network/],
  ['a CIDR with host bits', { add: [add('10.50.0.1/16')] }, /not a valid IPv4 network/],
  [
    'more than 128 adds',
    { add: Array.from({ length: 129 }, (_, i) => add(`10.1.${i}.0/24`)) },
    /at most 128 items/,
  ],
  [
    'more than 128 deletes',
    { delete: Array.from({ length: 129 }, (_, i) => `10.1.${i}.0/24`) },
    /at most 128 items/,
  ],
  ['a delete that is not a CIDR', { delete: ['nope'] }, /not a valid IPv4 network/],
  [
    'an add for another VPC',
    { add: [add('10.50.0.0/16', { peer_vpc: 'vpc-0ffffffffffffffff' })] },
    /no peering connection to AWS account/,
  ],
  [
    'an add overlapping the org VPC',
    { add: [add('10.20.0.0/25')] },
    /overlaps with the Aiven VPC network 10.20.0.0\/24/,
  ],
])('rejects %s with 400 and changes nothing', async (_what, body, message) => {
  const answer = await put(body);
  expect(answer.status).toBe(400);
  expect(answer.body.message).toMatch(message);
  expect(cidrsOfSeed()).toEqual([]);
});

it('answers 404 for an unknown peering and 405 for another method', async () => {
  expect((await put({ delete: [] }, 'PUT', '00000000-0000-4000-8000-000000000000')).status).toBe(404);
  expect((await put({ delete: [] }, 'POST')).status).toBe(405);
});

it('the client sends only the lists that have entries and reads the peering from the answer', async () => {
  const api = makeAivenClient({
    apiUrl: sandbox.url,
    token: sandbox.token,
    organizationId: sandbox.organizationId,
    logger: makeLogger({ level: 'silent' }),
  });
  const peering = await api.updatePeerCidrs({
    orgVpcId: SEED_IDS.prodEu,
    peeringId: SEED_IDS.prodEuPeering,
    awsAccountId: SEED_PEER.awsAccountId,
    awsVpcId: SEED_PEER.awsVpcId,
    add: ['10.50.0.0/16'],
    delete: [],
  });
  expect(sandbox.requests.at(-1)?.body).toEqual({ add: [add('10.50.0.0/16')] });
  expect(peering?.extraCidrs).toEqual(['10.50.0.0/16']);
  await expect(
    api.updatePeerCidrs({
      orgVpcId: SEED_IDS.prodEu,
      peeringId: SEED_IDS.prodEuPeering,
      awsAccountId: SEED_PEER.awsAccountId,
      awsVpcId: SEED_PEER.awsVpcId,
      add: ['10.20.0.0/25'],
      delete: [],
    }),
  ).rejects.toMatchObject({ status: 400, retryable: false });
  // One try: a PUT is never repeated by the client.
  expect(sandbox.requests.filter((r) => r.method === 'PUT')).toHaveLength(2);
});
