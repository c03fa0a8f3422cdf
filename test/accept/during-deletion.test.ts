// "Accept in AWS" stops once a peering's deletion is approved or the peering has ended: a click (or
// AUTO_ACCEPT) then changes nothing in AWS, so no route is left behind by a peering being deleted.
import { makeDeletionRequest } from '../adapters/store-contract-deletion';
import { peeringStatus, routesOf } from '../support/aws-accounts';
import {
  type AcceptWorld,
  ORG_VPC_CIDR,
  postContaining,
  reachPendingPeer,
  startAcceptWorld,
  textOf,
  threadPosts,
} from './helpers';

describe('Accept in AWS during a deletion', () => {
  let w: AcceptWorld;
  afterEach(async () => {
    await w.stop();
  });

  /** An approver approves deleting the world's peering (the store's one write of decision and event). */
  async function approveDeletion(): Promise<void> {
    const { store } = w.t.bot;
    const open = makeDeletionRequest({ peeringId: w.record.id, requestedBy: 'U0ALICE' });
    const at = new Date().toISOString();
    await store.openDeletionRequest(open, {
      peeringId: w.record.id,
      action: 'deletion-requested',
      actor: 'U0ALICE',
      at,
    });
    await store.decideDeletionRequest(open.id, 'approved', {
      peeringId: w.record.id,
      action: 'deletion-approved',
      actor: 'U0BOB',
      at,
    });
  }

  async function expectAwsUnchanged() {
    expect(w.proxy.actions('AcceptVpcPeeringConnection')).toHaveLength(0);
    expect(w.proxy.actions('CreateRoute')).toHaveLength(0);
    expect(await peeringStatus(w.team.ec2, w.pcxId)).toBe('pending-acceptance');
    expect(Object.values(await routesOf(w.team)).some((r) => r[ORG_VPC_CIDR])).toBe(false);
  }

  const plan = () =>
    postContaining(w.t, 'Plan for AWS account') as NonNullable<ReturnType<typeof postContaining>>;
  const privately = () =>
    w.t.slack.responsePosts.map((p) => p.body).filter((b) => b.response_type === 'ephemeral');

  it('a click after the deletion was approved is refused privately and changes nothing', async () => {
    w = await startAcceptWorld();
    await reachPendingPeer(w);
    await approveDeletion();
    await w.t.click(plan(), 'accept_apply', { userId: 'U0CAROL' });
    await w.t.idle();
    expect(String(privately().at(-1)?.text)).toContain(
      'An approver approved deleting this peering: vpc-peer no longer accepts it or adds routes for it.',
    );
    await expectAwsUnchanged();
    expect(postContaining(w.t, 'Accept in AWS: done')).toBeUndefined();
  });

  it('a click on a peering Aiven is deleting is refused privately and changes nothing', async () => {
    w = await startAcceptWorld();
    await reachPendingPeer(w);
    const { store } = w.t.bot;
    const current = await store.getPeering(w.record.id);
    await store.updatePeering(w.record.id, current?.version ?? 0, { state: 'DELETING' });
    await w.t.click(plan(), 'accept_apply', { userId: 'U0CAROL' });
    await w.t.idle();
    expect(String(privately().at(-1)?.text)).toContain(
      'This peering is *Deleting*: vpc-peer no longer accepts it',
    );
    await expectAwsUnchanged();
  });

  it('the job refuses a click the deletion approval overtook, telling the clicker once', async () => {
    w = await startAcceptWorld();
    await reachPendingPeer(w);
    // The approval lands right after the click was checked, before the queued job runs.
    const { store } = w.t.bot;
    const history = store.listAuditEvents.bind(store);
    let approved = false;
    store.listAuditEvents = async (peeringId) => {
      const events = await history(peeringId);
      if (!approved) {
        approved = true;
        await approveDeletion();
      }
      return events;
    };
    await w.t.click(plan(), 'accept_apply', { userId: 'U0CAROL' });
    await w.t.idle();
    await expectAwsUnchanged();
    const told = w.t.slack.callsTo('chat.postEphemeral');
    expect(told).toHaveLength(1);
    expect(told[0]?.args).toMatchObject({ user: 'U0CAROL', thread_ts: w.record.thread?.ts });
    expect(String(told[0]?.args.text)).toContain('An approver approved deleting this peering');
  });

  it('AUTO_ACCEPT posts the plan but accepts nothing once the deletion is approved, and says so', async () => {
    w = await startAcceptWorld({ AUTO_ACCEPT: 'true' });
    await approveDeletion();
    await reachPendingPeer(w);
    await expectAwsUnchanged();
    const said = threadPosts(w.t).map(textOf);
    expect(said.filter((t) => t.includes('An approver approved deleting this peering'))).toHaveLength(1);
    expect(said.some((t) => t.includes('Accept in AWS: done'))).toBe(false);
  });

  it('a run under way adds no more routes once the peering is being deleted', async () => {
    w = await startAcceptWorld();
    await reachPendingPeer(w);
    // The delete job marks the record DELETING right after the click's run was claimed.
    const { store } = w.t.bot;
    const update = store.updatePeering.bind(store);
    store.updatePeering = async (id, version, patch) => {
      const updated = await update(id, version, patch);
      if (patch.accept?.status === 'applying' && updated.state !== 'DELETING')
        return update(id, updated.version, { state: 'DELETING' });
      return updated;
    };
    await w.t.click(plan(), 'accept_apply', { userId: 'U0CAROL' });
    await w.t.idle();
    expect(w.proxy.actions('CreateRoute')).toHaveLength(0);
    expect(Object.values(await routesOf(w.team)).some((r) => r[ORG_VPC_CIDR])).toBe(false);
    expect((await store.getPeering(w.record.id))?.accept?.routes).toEqual([]);
    expect(textOf(threadPosts(w.t).at(-1))).toContain('The peering is being deleted or has ended');
  });
});
