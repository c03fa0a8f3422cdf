// "Accept in AWS" acts only for peerings someone asked vpc-peer for, in a thread where people decide:
// one made in the Aiven Console (or anywhere else) is never accepted or routed in a team's account,
// even with a role and AUTO_ACCEPT, and its PENDING_PEER reply gives the manual steps instead of
// promising a plan.
import type { PeeringRecord } from '../../src/peering/model';
import { renderStateChange } from '../../src/slack/views/progress';
import { peeringStatus, routesOf } from '../support/aws-accounts';
import { type AcceptWorld, ORG_VPC_CIDR, reachPendingPeer, startAcceptWorld, textOf } from './helpers';

describe('Accept in AWS for a peering made outside vpc-peer', () => {
  let w: AcceptWorld;
  afterEach(async () => {
    await w.stop();
  });

  /** The world's record, changed as the reconcile loop or the deletion form would have stored it. */
  async function storeAs(patch: Partial<PeeringRecord>): Promise<void> {
    const { store } = w.t.bot;
    w.record = await store.updatePeering(w.record.id, w.record.version, patch);
  }

  async function expectAwsUntouched() {
    expect(w.proxy.calls).toHaveLength(0);
    expect(await peeringStatus(w.team.ec2, w.pcxId)).toBe('pending-acceptance');
    expect(Object.values(await routesOf(w.team)).some((r) => r[ORG_VPC_CIDR])).toBe(false);
    expect(w.t.slack.callsTo('chat.postMessage')).toHaveLength(0);
  }

  it('does not accept or route one made in the Aiven Console, even with AUTO_ACCEPT', async () => {
    w = await startAcceptWorld({ AUTO_ACCEPT: 'true' });
    await storeAs({ origin: 'external', requestedBy: 'external' });
    await reachPendingPeer(w);
    await expectAwsUntouched();
    expect(w.t.logs.some((line) => line.includes('made outside vpc-peer: not accepting it in AWS'))).toBe(
      true,
    );
  });

  it('does not start a plan nobody could see for a peering without a thread, and says why in the log', async () => {
    w = await startAcceptWorld();
    await storeAs({ thread: undefined });
    await reachPendingPeer(w);
    await expectAwsUntouched();
    expect(w.t.logs.some((line) => line.includes('no thread to post the accept plan in'))).toBe(true);
    expect(w.t.logs.some((line) => line.includes('accept plan failed'))).toBe(false);
  });

  it('its PENDING_PEER reply gives the manual steps and says why, instead of promising a plan', async () => {
    w = await startAcceptWorld();
    await storeAs({ origin: 'external', requestedBy: 'external' });
    const change = { key: 'k', previous: 'APPROVED' as const, state: 'PENDING_PEER' as const };
    const reply = textOf({
      method: 'chat.postMessage',
      args: { ...renderStateChange(w.record, change, { botAccepts: true }) },
    } as never);
    expect(reply).not.toContain('vpc-peer has a role');
    expect(reply).toContain('made outside vpc-peer, so vpc-peer does not accept it in AWS');
    expect(reply).toContain(
      `aws ec2 accept-vpc-peering-connection --region eu-west-1 --vpc-peering-connection-id ${w.pcxId}`,
    );
  });
});
