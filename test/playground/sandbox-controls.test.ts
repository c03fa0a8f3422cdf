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
});
