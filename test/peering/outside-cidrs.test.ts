// Extra CIDRs changed outside vpc-peer (here: through the Aiven sandbox's HTTP API, as the Console,
// the API or Terraform would): the poll copies Aiven's list onto the record and tells the thread once,
// also when polls overlap; a failed or unreadable answer from Aiven is never taken for a change.
import type { PeeringRecord } from '../../src/peering/model';
import { SANDBOX_TIMINGS, SEED_IDS } from '../../src/sandbox/aiven-sandbox';
import { bothStores } from '../support/both-stores';
import { type ProgressHarness, ROOT, startProgressHarness, textOf } from '../support/progress';

const STORES = bothStores('vpc-peer-outside-cidrs');
const OUTSIDE = 'The extra CIDRs were changed outside vpc-peer (Aiven Console, API or Terraform)';

/** PUT user-peer-network-cidrs as a person with an Aiven token would send it. */
async function changeInAiven(
  h: ProgressHarness,
  record: PeeringRecord,
  change: { add?: string[]; delete?: string[] },
): Promise<void> {
  const answer = await fetch(
    `${h.aiven.url}/organization/${h.aiven.organizationId}/vpcs/${record.spec.orgVpcId}/peering-connections/${record.aivenPeeringId}/user-peer-network-cidrs`,
    {
      method: 'PUT',
      headers: { authorization: `aivenv1 ${h.aiven.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        ...(change.add
          ? {
              add: change.add.map((cidr) => ({
                cidr,
                peer_cloud_account: record.spec.awsAccountId,
                peer_vpc: record.spec.awsVpcId,
              })),
            }
          : {}),
        ...(change.delete ? { delete: change.delete } : {}),
      }),
    },
  );
  expect(answer.status).toBe(200);
}

const outsideReplies = (h: ProgressHarness) => h.replies().filter((c) => textOf(c).includes(OUTSIDE));

describe.each(STORES)('extra CIDRs changed outside vpc-peer (%s)', (_name, makeStore) => {
  let h: ProgressHarness;
  const run = () => h.progress.reconcile.run();
  afterEach(async () => {
    await h.stop();
  });

  async function activePeering(): Promise<PeeringRecord> {
    const tracked = await h.track({ extraCidrs: ['10.50.0.0/16'] });
    h.advance(SANDBOX_TIMINGS.approvedMs + SANDBOX_TIMINGS.pendingPeerMs);
    await run();
    const record = (await h.store.getPeering(tracked.id)) as PeeringRecord;
    expect(record).toMatchObject({ state: 'ACTIVE', version: expect.any(Number) });
    expect(outsideReplies(h)).toHaveLength(0);
    return record;
  }

  it('copies Aiven’s list onto the record and tells the thread once, old → new, across overlapping polls', async () => {
    h = await startProgressHarness(makeStore);
    const record = await activePeering();
    await changeInAiven(h, record, { add: ['10.60.0.0/16'], delete: ['10.50.0.0/16'] });

    await Promise.all([run(), run(), run()]);
    await run();

    const told = outsideReplies(h);
    expect(told).toHaveLength(1);
    expect(told[0]?.args.thread_ts).toBe(ROOT.ts);
    expect(textOf(told[0])).toContain(
      `${OUTSIDE}: 10.50.0.0/16 → 10.60.0.0/16 (+ 10.60.0.0/16, − 10.50.0.0/16).`,
    );
    const stored = (await h.store.getPeering(record.id)) as PeeringRecord;
    expect(stored.extraCidrs).toEqual(['10.60.0.0/16']);
    expect(stored.pendingChanges ?? []).toEqual([]);
    // The root shows the new ranges.
    expect(textOf(h.rootUpdates().at(-1))).toContain('(+ 10.60.0.0/16)');

    // Back to the old list later: a change of its own, told once more.
    await changeInAiven(h, stored, { add: ['10.50.0.0/16'], delete: ['10.60.0.0/16'] });
    await Promise.all([run(), run()]);
    expect(outsideReplies(h)).toHaveLength(2);
    expect(textOf(outsideReplies(h)[1])).toContain(`${OUTSIDE}: 10.60.0.0/16 → 10.50.0.0/16`);
    await expect(h.store.getPeering(record.id)).resolves.toMatchObject({ extraCidrs: ['10.50.0.0/16'] });
  });

  it('the fast watch records it too, and a poll overlapping it tells nothing twice', async () => {
    h = await startProgressHarness(makeStore);
    const record = await activePeering();
    await changeInAiven(h, record, { add: ['10.70.0.0/16'] });
    const watchJob = {
      kind: 'watch-peering' as const,
      id: `watch-${record.id}`,
      peeringId: record.id,
      until: new Date(h.clock.now().getTime() + 600_000).toISOString(),
    };
    await Promise.all([h.progress.watchPeering.run(watchJob), run()]);
    await run();
    const told = outsideReplies(h);
    expect(told).toHaveLength(1);
    expect(textOf(told[0])).toContain(
      `${OUTSIDE}: 10.50.0.0/16 → 10.50.0.0/16, 10.70.0.0/16 (+ 10.70.0.0/16).`,
    );
    await expect(h.store.getPeering(record.id)).resolves.toMatchObject({
      extraCidrs: ['10.50.0.0/16', '10.70.0.0/16'],
    });
  });

  it('a failed read or an answer without the CIDR list changes nothing; the next good read does', async () => {
    h = await startProgressHarness(makeStore);
    const record = await activePeering();
    await changeInAiven(h, record, { delete: ['10.50.0.0/16'] });
    const vpcPath = `/vpcs/${SEED_IDS.prodEu}`;

    // Aiven fails (both attempts of the client).
    h.aiven.failNext({ method: 'GET', pathIncludes: vpcPath, status: 500, times: 2 });
    await run().catch(() => undefined);
    // Aiven answers, but its peerings lack the (required) user_peer_network_cidrs.
    const vpc = h.aiven.vpcs().find((v) => v.organization_vpc_id === SEED_IDS.prodEu);
    const unreadable = {
      ...vpc,
      peering_connections: vpc?.peering_connections.map(({ user_peer_network_cidrs: _dropped, ...p }) => p),
    };
    h.aiven.failNext({ method: 'GET', pathIncludes: vpcPath, body: unreadable });
    await run();
    h.aiven.failNext({ method: 'GET', pathIncludes: vpcPath, body: unreadable });
    await run();

    expect(outsideReplies(h)).toHaveLength(0);
    const unchanged = await h.store.getPeering(record.id);
    expect(unchanged?.extraCidrs).toBeUndefined();
    expect(unchanged?.spec.extraCidrs).toEqual(['10.50.0.0/16']);

    // Aiven answers properly again: the removal is real and told once.
    await run();
    await run();
    expect(outsideReplies(h)).toHaveLength(1);
    expect(textOf(outsideReplies(h)[0])).toContain(`${OUTSIDE}: 10.50.0.0/16 → none (− 10.50.0.0/16).`);
    await expect(h.store.getPeering(record.id)).resolves.toMatchObject({ extraCidrs: [] });
  });

  it('vpc-peer’s own edit on its way is not taken for a change outside vpc-peer', async () => {
    h = await startProgressHarness(makeStore);
    const record = await activePeering();
    // The edit job has claimed the change and sent it; Aiven already shows the new list.
    const sending = await h.store.updatePeering(record.id, record.version, {
      cidrChange: {
        id: 'V0EDIT',
        add: ['10.80.0.0/16'],
        delete: [],
        requestedBy: 'U0ALICE',
        requestedAt: h.clock.now().toISOString(),
        status: 'sending',
        lease: { token: 'run-1', until: new Date(h.clock.now().getTime() + 60_000).toISOString() },
      },
    });
    await changeInAiven(h, sending, { add: ['10.80.0.0/16'] });
    await run();
    expect(outsideReplies(h)).toHaveLength(0);
    expect((await h.store.getPeering(record.id))?.extraCidrs).toBeUndefined();
  });
});
