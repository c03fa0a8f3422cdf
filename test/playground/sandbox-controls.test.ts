// The page's sandbox controls change the Aiven sandbox the way the other side would.
import {
  type AivenSandbox,
  SANDBOX_TIMINGS,
  SEED_IDS,
  startAivenSandbox,
} from '../../src/sandbox/aiven-sandbox';
import { makeSandboxControls } from '../../src/sandbox/playground/sandbox-controls';

describe('sandbox controls', () => {
  let aiven: AivenSandbox;
  beforeEach(async () => {
    aiven = await startAivenSandbox({ clock: 'manual' });
  });
  afterEach(async () => {
    await aiven.close();
  });

  it('creates a peering through the Aiven API as the Console would, and reports it', async () => {
    const controls = makeSandboxControls(aiven);
    const result = await controls.createOutsideBot({
      orgVpcId: SEED_IDS.prodEu,
      peerAccount: '123456789012',
      peerVpc: 'vpc-0aaaabbbbccccdddd',
      peerRegion: 'eu-west-1',
    });
    expect(result).toEqual({ ok: true });
    const post = aiven.requests.find((r) => r.method === 'POST');
    expect(post).toMatchObject({
      path: `/organization/${aiven.organizationId}/vpcs/${SEED_IDS.prodEu}/peering-connections`,
      body: {
        peer_cloud_account: '123456789012',
        peer_vpc: 'vpc-0aaaabbbbccccdddd',
        peer_region: 'eu-west-1',
      },
      headers: { authorization: `aivenv1 ${aiven.token}` },
    });
    expect(controls.summary().peerings.filter((p) => p.peerVpc === 'vpc-0aaaabbbbccccdddd')).toEqual([
      expect.objectContaining({ orgVpcId: SEED_IDS.prodEu, peerAccount: '123456789012', state: 'APPROVED' }),
    ]);
    await expect(
      controls.createOutsideBot({ orgVpcId: 'no-such-vpc', peerAccount: '1', peerVpc: 'vpc-1' }),
    ).resolves.toMatchObject({ ok: false });
  });

  it('moves the clock, and marks a peering accepted, rejected or deleted on the AWS side keeping its pcx', async () => {
    const controls = makeSandboxControls(aiven);
    await controls.createOutsideBot({
      orgVpcId: SEED_IDS.prodEu,
      peerAccount: '123456789012',
      peerVpc: 'vpc-0aaaabbbbccccdddd',
    });
    const id = aiven.peerings().find((p) => p.peer_vpc === 'vpc-0aaaabbbbccccdddd')
      ?.peering_connection_id as string;
    expect(controls.advance(SANDBOX_TIMINGS.approvedMs)).toEqual({ ok: true });
    const pending = aiven.peerings().find((p) => p.peering_connection_id === id);
    expect(pending?.state).toBe('PENDING_PEER');
    const pcx = pending?.state_info.aws_vpc_peering_connection_id;

    for (const state of ['ACTIVE', 'REJECTED_BY_PEER', 'DELETED_BY_PEER'] as const) {
      expect(controls.setPeerSideState(id, state)).toEqual({ ok: true });
      const now = aiven.peerings().find((p) => p.peering_connection_id === id);
      expect(now?.state).toBe(state);
      expect(now?.state_info).toMatchObject({
        type: state.toLowerCase().replace(/_/g, '-'),
        aws_vpc_peering_connection_id: pcx,
      });
      expect(now?.state_info.message).toContain(pcx);
    }
    expect(controls.advance(-1)).toMatchObject({ ok: false });
    expect(controls.setPeerSideState('nope', 'ACTIVE')).toMatchObject({ ok: false });
  });

  it('changes a peering’s extra CIDRs through Aiven’s PUT as the Console would, refusing what is not a private IPv4 CIDR', async () => {
    const controls = makeSandboxControls(aiven);
    await controls.createOutsideBot({
      orgVpcId: SEED_IDS.prodEu,
      peerAccount: '123456789012',
      peerVpc: 'vpc-0aaaabbbbccccdddd',
    });
    const id = aiven.peerings().find((p) => p.peer_vpc === 'vpc-0aaaabbbbccccdddd')
      ?.peering_connection_id as string;
    const cidrsOf = () => controls.summary().peerings.find((p) => p.id === id)?.extraCidrs;
    expect(cidrsOf()).toEqual([]);

    await expect(controls.setExtraCidrs(id, '10.50.0.0/16\n192.168.4.0/24')).resolves.toEqual({ ok: true });
    expect(aiven.requests.filter((r) => r.method === 'PUT')).toEqual([
      expect.objectContaining({
        path: `/organization/${aiven.organizationId}/vpcs/${SEED_IDS.prodEu}/peering-connections/${id}/user-peer-network-cidrs`,
        body: {
          add: ['10.50.0.0/16', '192.168.4.0/24'].map((cidr) => ({
            cidr,
            peer_cloud_account: '123456789012',
            peer_vpc: 'vpc-0aaaabbbbccccdddd',
          })),
          delete: [],
        },
      }),
    ]);
    expect(cidrsOf()).toEqual(['10.50.0.0/16', '192.168.4.0/24']);

    // Only the difference goes to Aiven: keep one, drop one, add one.
    await expect(controls.setExtraCidrs(id, '10.50.0.0/16, 172.20.0.0/16')).resolves.toEqual({ ok: true });
    expect(aiven.requests.filter((r) => r.method === 'PUT').at(-1)?.body).toEqual({
      add: [{ cidr: '172.20.0.0/16', peer_cloud_account: '123456789012', peer_vpc: 'vpc-0aaaabbbbccccdddd' }],
      delete: ['192.168.4.0/24'],
    });
    expect(cidrsOf()).toEqual(['10.50.0.0/16', '172.20.0.0/16']);

    // Bad input: a clear error saying what a valid value is, and nothing sent to Aiven.
    const puts = aiven.requests.filter((r) => r.method === 'PUT').length;
    const publicRange = await controls.setExtraCidrs(id, '8.8.8.0/24');
    expect(publicRange).toEqual({
      ok: false,
      error: '"8.8.8.0/24" is not a private IPv4 range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16).',
    });
    const notCidr = await controls.setExtraCidrs(id, '10.60.0.0/16 banana');
    expect(notCidr).toMatchObject({
      ok: false,
      error: expect.stringContaining('"banana" is not an IPv4 CIDR'),
    });
    expect(notCidr.error).toContain('Enter IPv4 CIDRs, one per line.');
    const orgVpcCidr = aiven.vpcs().find((v) => v.organization_vpc_id === SEED_IDS.prodEu)?.clouds[0]
      ?.network_cidr as string;
    await expect(controls.setExtraCidrs(id, orgVpcCidr)).resolves.toMatchObject({
      ok: false,
      error: expect.stringContaining('overlaps the organization VPC'),
    });
    await expect(controls.setExtraCidrs(id, '172.20.0.0/16 10.50.0.0/16')).resolves.toMatchObject({
      ok: false,
      error: expect.stringContaining('already has exactly these'),
    });
    await expect(controls.setExtraCidrs('nope', '10.1.0.0/16')).resolves.toMatchObject({ ok: false });
    expect(aiven.requests.filter((r) => r.method === 'PUT')).toHaveLength(puts);
    expect(cidrsOf()).toEqual(['10.50.0.0/16', '172.20.0.0/16']);

    // Empty removes them all.
    await expect(controls.setExtraCidrs(id, '')).resolves.toEqual({ ok: true });
    expect(cidrsOf()).toEqual([]);
  });
});
