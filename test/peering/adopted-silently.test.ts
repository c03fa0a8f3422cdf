// Peerings that already existed when vpc-peer first ran are adopted silently (announcing a whole
// organization is noise); the first change of one is announced in NOTIFY_CHANNEL, naming what changed,
// and its later changes follow in that thread.
import { openSqliteStore } from '../../src/adapters/store/sqlite';
import { SANDBOX_TIMINGS, SEED_IDS } from '../../src/sandbox/aiven-sandbox';
import type { ManualClock } from '../adapters/store-contract';
import { bothStores } from '../support/both-stores';
import { NOTIFY, type ProgressHarness, startProgressHarness, textOf } from '../support/progress';

const sqlite = async (clock: ManualClock) => openSqliteStore({ path: ':memory:', clock });
const STORES = bothStores('vpc-peer-adopted');

/** Creates a peering in Aiven as the Aiven Console would (before vpc-peer ever ran). */
async function createInAiven(h: ProgressHarness, orgVpcId: string, awsVpcId: string): Promise<string> {
  const answer = await fetch(
    `${h.aiven.url}/organization/${h.aiven.organizationId}/vpcs/${orgVpcId}/peering-connections`,
    {
      method: 'POST',
      headers: { authorization: `aivenv1 ${h.aiven.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        peer_cloud_account: '333344445555',
        peer_vpc: awsVpcId,
        peer_region: 'eu-west-1',
      }),
    },
  );
  return ((await answer.json()) as { peering_connection_id: string }).peering_connection_id;
}

const channelPosts = (h: ProgressHarness) =>
  h.slack
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === NOTIFY && c.args.thread_ts === undefined);

describe.each(STORES)('silently adopted peerings (%s)', (_name, makeStore) => {
  let h: ProgressHarness;
  const run = () => h.progress.reconcile.run();
  afterEach(async () => {
    await h.stop();
  });

  it('the first change is announced once in NOTIFY_CHANNEL naming it, and the next ones follow in that thread', async () => {
    h = await startProgressHarness(makeStore, { notifyChannelId: NOTIFY });
    const peeringId = await createInAiven(h, SEED_IDS.prodEu, 'vpc-0aaaabbbbcccc0001');
    await expect(run()).resolves.toMatchObject({ adopted: 2 }); // with the seed peering
    await run();
    expect(h.slack.calls).toHaveLength(0);

    h.advance(SANDBOX_TIMINGS.approvedMs); // APPROVED -> PENDING_PEER
    await Promise.all([run(), run()]);
    await run();
    const posts = channelPosts(h);
    expect(posts).toHaveLength(1);
    expect(textOf(posts[0])).toContain(
      'A peering that existed before vpc-peer started changed: *Approved* → *Waiting for AWS*',
    );
    expect(textOf(posts[0])).toContain('account 333344445555, eu-west-1, vpc-0aaaabbbbcccc0001');
    const thread = posts[0]?.response?.ts as string;
    expect(h.replies().map((r) => [r.args.thread_ts, textOf(r)])).toEqual([
      [thread, expect.stringContaining('*Approved* → *Waiting for AWS*')],
    ]);
    await expect(h.store.findByAivenPeeringId(peeringId)).resolves.toMatchObject({
      channelId: NOTIFY,
      thread: { channelId: NOTIFY, ts: thread },
      state: 'PENDING_PEER',
    });

    h.advance(SANDBOX_TIMINGS.pendingPeerMs); // -> ACTIVE
    await run();
    await run();
    expect(channelPosts(h)).toHaveLength(1);
    expect(h.replies().map((r) => r.args.thread_ts)).toEqual([thread, thread]);
    expect(textOf(h.replies()[1])).toContain('*Waiting for AWS* → *Active*');
  });

  it('a first change while Slack refuses the announcement is announced once Slack is back', async () => {
    h = await startProgressHarness(makeStore, { notifyChannelId: NOTIFY });
    await run();
    h.aiven.setPeeringState(SEED_IDS.prodEuPeering, 'DELETED_BY_PEER');
    h.slack.failNext('chat.postMessage', 'internal_error', { status: 500, times: 2 });
    await run();
    for (let poll = 0; poll < 6; poll++) {
      h.clock.advanceSeconds(60);
      await run();
    }
    const posts = channelPosts(h).filter((c) => c.response?.ok === true);
    expect(posts.map(textOf)).toEqual([expect.stringContaining('changed: *Active* → *Deleted in AWS*')]);
    expect(h.replies().filter((c) => c.response?.ok === true)).toHaveLength(1);
    await expect(h.store.findByAivenPeeringId(SEED_IDS.prodEuPeering)).resolves.toMatchObject({
      state: 'DELETED_BY_PEER',
      pendingChanges: [],
    });
  });

  it('without NOTIFY_CHANNEL a silently adopted peering stays quiet', async () => {
    h = await startProgressHarness(makeStore);
    await run();
    h.aiven.setPeeringState(SEED_IDS.prodEuPeering, 'DELETED_BY_PEER');
    await run();
    await run();
    expect(h.slack.calls).toHaveLength(0);
    await expect(h.store.findByAivenPeeringId(SEED_IDS.prodEuPeering)).resolves.toMatchObject({
      state: 'DELETED_BY_PEER',
      pendingChanges: [],
    });
  });
});

describe('1,000 silently adopted peerings (SQLite)', () => {
  let h: ProgressHarness;
  afterEach(async () => {
    await h.stop();
  });

  it('10 of them changing make exactly 10 announcements, each naming its change', async () => {
    h = await startProgressHarness(sqlite, { notifyChannelId: NOTIFY });
    const ids: string[] = [];
    for (let v = 0; v < 20; v++) {
      const orgVpcId = h.aiven.addVpc({
        displayName: `org-vpc-${v}`,
        cloudName: 'aws-eu-west-1',
        cidr: `10.${v + 100}.0.0/24`,
      });
      for (let p = 0; p < 50; p++)
        ids.push(await createInAiven(h, orgVpcId, `vpc-${(v * 1000 + p).toString(16).padStart(17, '0')}`));
    }
    await expect(h.progress.reconcile.run()).resolves.toMatchObject({ adopted: 1001 });
    expect(h.slack.calls).toHaveLength(0);

    const changing = ids.filter((_, i) => i % 100 === 7);
    for (const [i, id] of changing.entries())
      h.aiven.setPeeringState(id, i % 2 === 0 ? 'ACTIVE' : 'DELETED_BY_PEER');
    await h.progress.reconcile.run();
    await h.progress.reconcile.run();

    const posts = channelPosts(h);
    expect(posts).toHaveLength(10);
    expect(posts.filter((c) => textOf(c).includes('changed: *Approved* → *Active*'))).toHaveLength(5);
    expect(posts.filter((c) => textOf(c).includes('changed: *Approved* → *Deleted in AWS*'))).toHaveLength(5);
    expect(h.replies()).toHaveLength(10);
    expect(new Set(h.replies().map((r) => r.args.thread_ts))).toEqual(
      new Set(posts.map((c) => c.response?.ts)),
    );
  });
});
