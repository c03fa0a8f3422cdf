import { specKey } from '../../src/peering/model';
import { SANDBOX_TIMINGS, SEED_IDS } from '../../src/sandbox/aiven-sandbox';
import { bothStores } from '../support/both-stores';
import { type ProgressHarness, startProgressHarness, textOf } from '../support/progress';

const STORES = bothStores('vpc-peer-unread');

describe.each(STORES)('reconcile with org VPCs it cannot fully read (%s)', (_name, makeStore) => {
  let h: ProgressHarness;
  const run = () => h.progress.reconcile.run();
  beforeEach(async () => {
    h = await startProgressHarness(makeStore);
    await run(); // adopts the seed peering silently
  });
  afterEach(async () => {
    await h.stop();
  });

  /** A peering Aiven has taken to PENDING_PEER, announced, then held there. */
  async function waitingForAws() {
    const record = await h.track();
    h.advance(SANDBOX_TIMINGS.approvedMs);
    await run();
    const info = h.aiven
      .peerings()
      .find((p) => p.peering_connection_id === record.aivenPeeringId)?.state_info;
    h.aiven.setPeeringState(record.aivenPeeringId as string, 'PENDING_PEER', info);
    expect(h.replies()).toHaveLength(1);
    return record;
  }

  it('an org VPC in a state the spec does not list (UPDATING) is read: nothing taken for deleted, its state shown as Aiven names it', async () => {
    const record = await waitingForAws();
    h.aiven.setVpcShape(SEED_IDS.prodEu, { state: 'UPDATING' });
    await run();
    await run();
    expect(h.replies()).toHaveLength(1);
    await expect(h.store.getPeering(record.id)).resolves.toMatchObject({ state: 'PENDING_PEER' });
    await expect(h.store.findByAivenPeeringId(SEED_IDS.prodEuPeering)).resolves.toMatchObject({
      state: 'ACTIVE',
    });
    const snapshot = await h.store.loadSnapshot(h.aiven.organizationId);
    const vpc = snapshot?.vpcs.find((d) => d.vpc.id === SEED_IDS.prodEu);
    expect(vpc?.vpc.state).toBe('UPDATING');
    expect(vpc?.peerings.map((p) => p.id)).toContain(record.aivenPeeringId);

    // Read, not skipped: a real change in that VPC is still told.
    h.aiven.setPeeringState(record.aivenPeeringId as string, 'ACTIVE');
    await run();
    expect(h.replies().map(textOf)).toEqual([
      expect.stringContaining('→ *Waiting for AWS*'),
      expect.stringContaining('*Waiting for AWS* → *Active*'),
    ]);
  });

  it('an org VPC listed with empty `clouds` is read: nothing taken for deleted', async () => {
    const record = await waitingForAws();
    h.aiven.setVpcShape(SEED_IDS.prodEu, { clouds: [] });
    await run();
    await run();
    expect(h.replies()).toHaveLength(1);
    await expect(h.store.getPeering(record.id)).resolves.toMatchObject({ state: 'PENDING_PEER' });
    await expect(h.store.findOpenBySpecKey(specKey(record.spec))).resolves.toMatchObject({ id: record.id });
  });

  it('an unreadable detail answer changes nothing, and the next readable one carries on', async () => {
    const record = await waitingForAws();
    h.aiven.failNext({
      method: 'GET',
      pathIncludes: `/vpcs/${SEED_IDS.prodEu}`,
      status: 200,
      body: { organization_vpc_id: SEED_IDS.prodEu, state: 'ACTIVE', peering_connections: 'not a list' },
    });
    await run();
    expect(h.replies()).toHaveLength(1);
    await expect(h.store.getPeering(record.id)).resolves.toMatchObject({ state: 'PENDING_PEER' });
    expect(h.logs.some((line) => line.includes('could not read org VPC'))).toBe(true);

    h.aiven.setPeeringState(record.aivenPeeringId as string, 'ACTIVE');
    await run();
    expect(h.replies().map(textOf)).toEqual([
      expect.stringContaining('→ *Waiting for AWS*'),
      expect.stringContaining('*Waiting for AWS* → *Active*'),
    ]);
  });

  it('an org VPC Aiven lists as DELETED: its peerings are gone, told once', async () => {
    const record = await waitingForAws();
    h.aiven.setVpcShape(SEED_IDS.prodEu, { state: 'DELETED' });
    await run();
    await run();
    expect(h.replies().map(textOf)).toEqual([
      expect.stringContaining('→ *Waiting for AWS*'),
      expect.stringContaining('*Waiting for AWS* → *Deleted*'),
    ]);
    await expect(h.store.getPeering(record.id)).resolves.toMatchObject({ state: 'DELETED' });
  });

  it('a record closed as gone that Aiven lists again is revived and told once in its thread', async () => {
    const record = await waitingForAws();
    // One detail answer that leaves the peering out (an incomplete answer from Aiven): taken for gone.
    const [details] = h.aiven.vpcs().filter((v) => v.organization_vpc_id === SEED_IDS.prodEu);
    h.aiven.failNext({
      method: 'GET',
      pathIncludes: `/vpcs/${SEED_IDS.prodEu}`,
      body: {
        ...details,
        peering_connections: details?.peering_connections.filter(
          (p) => p.peering_connection_id !== record.aivenPeeringId,
        ),
      },
    });
    await run();
    expect(textOf(h.replies()[1])).toContain('*Waiting for AWS* → *Deleted*');
    await expect(h.store.getPeering(record.id)).resolves.toMatchObject({ state: 'DELETED' });

    await expect(run()).resolves.toMatchObject({ revived: 1, adopted: 0 });
    await run();
    await run();
    const replies = h.replies();
    expect(replies).toHaveLength(3);
    expect(textOf(replies[2])).toContain('*Deleted* → *Waiting for AWS*');
    expect(replies[2]?.args.thread_ts).toBe(record.thread?.ts);
    await expect(h.store.getPeering(record.id)).resolves.toMatchObject({
      state: 'PENDING_PEER',
      pendingChanges: [],
    });
    await expect(h.store.findOpenBySpecKey(specKey(record.spec))).resolves.toMatchObject({ id: record.id });
    await expect(h.store.findByAivenPeeringId(record.aivenPeeringId as string)).resolves.toMatchObject({
      id: record.id,
    });
  });
});
