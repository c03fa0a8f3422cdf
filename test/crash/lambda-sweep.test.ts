// Lambda's path after a crash: the HTTP function writes to DynamoDB and then sends to SQS, so one that
// dies in between leaves work with no job. The poller's sweep finds it and queues it again, once even
// when polls overlap; the worker then finishes it. DynamoDB and SQS on moto, Aiven and Slack on their
// loopback stand-ins, the real Lambda handlers.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { makeDynamoStore } from '../../src/adapters/store/dynamodb';
import type { Store } from '../../src/adapters/store/roles';
import { makeLambdaPollerHandler, makeLambdaWorkerHandler } from '../../src/container/lambda-worker';
import type { PeeringRecord } from '../../src/peering/model';
import { SEED_IDS } from '../../src/sandbox/aiven-sandbox';
import { awsClientConfig } from '../support/aws';
import { type LambdaEnv, startLambdaEnv } from '../support/lambda-env';
import { findButton } from '../support/slack';
import { deliverOnce, receive } from '../support/sqs';

const CHANNEL = 'C0PLATFORM';
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe('the poller sweeps work whose SQS send was lost (Lambda, DynamoDB on moto)', () => {
  let e: LambdaEnv;
  let store: Store;

  beforeAll(async () => {
    e = await startLambdaEnv({
      name: 'sweep',
      signingSecret: 'bb11bb22cc33dd44ee55ff6677889900',
      botToken: 'xoxb-sweep',
    });
    e.env.APPROVERS = 'U0ALICE,U0BOB';
    store = makeDynamoStore({
      client: new DynamoDBClient(awsClientConfig()),
      tableName: e.env.DYNAMODB_TABLE as string,
    });
    // The first poll tracks the sandbox's seeded peering and reads the org VPCs.
    await makeLambdaPollerHandler(e.env)();
  });
  afterAll(async () => {
    await e.close();
  });

  const runWorker = async () => {
    const worker = makeLambdaWorkerHandler(e.env);
    let delivered = 0;
    for (
      let n = await deliverOnce(e.sqs, e.jobs, worker);
      n > 0;
      n = await deliverOnce(e.sqs, e.jobs, worker)
    )
      delivered += n;
    return delivered;
  };
  const textOf = (args: Record<string, unknown>) => JSON.stringify([args.text, args.blocks]);

  it('a request written five minutes ago without its create job: queued once, created once, told once', async () => {
    // What the HTTP function stored before it died, without its SQS send.
    const record: PeeringRecord = {
      id: 'req-VLOST0001',
      spec: {
        orgVpcId: SEED_IDS.prodEu,
        awsAccountId: '210987654321',
        awsVpcId: 'vpc-0aaaaaaaaaaaaaaa1',
        awsRegion: 'eu-west-1',
        extraCidrs: [],
      },
      orgVpc: {
        id: SEED_IDS.prodEu,
        name: 'prod-eu',
        cloudName: 'aws-eu-west-1',
        awsRegion: 'eu-west-1',
        cidr: '10.20.0.0/24',
        state: 'ACTIVE',
      },
      state: 'REQUESTED',
      requestedBy: 'U0ALICE',
      channelId: CHANNEL,
      createdAt: minutesAgo(5),
      updatedAt: minutesAgo(5),
      version: 0,
    };
    await store.insertPeering(record);
    await expect(receive(e.sqs, e.jobs.url)).resolves.toEqual([]);

    // Two polls overlap (a slow one and the next minute's): the stuck request is resumed once.
    const [first, second] = await Promise.all([
      makeLambdaPollerHandler(e.env)(),
      makeLambdaPollerHandler(e.env)(),
    ]);
    expect(first.resumed + second.resumed).toBe(1);

    expect(await runWorker()).toBe(1);
    const creates = e.aiven.requests.filter(
      (r) => r.method === 'POST' && r.path.endsWith('/peering-connections'),
    );
    expect(creates).toHaveLength(1);
    const roots = e.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === CHANNEL && !c.args.thread_ts);
    expect(roots).toHaveLength(1);
    const told = e.slack
      .callsTo('chat.postMessage')
      .filter(
        (c) =>
          c.args.thread_ts === roots[0]?.response?.ts && textOf(c.args).includes('Aiven created peering'),
      );
    expect(told).toHaveLength(1);
    expect((await store.getPeering(record.id))?.state).toBe('APPROVED');

    // Nothing is stuck any more: the next poll resumes nothing.
    await expect(makeLambdaPollerHandler(e.env)()).resolves.toMatchObject({ resumed: 0 });
  });

  it('an approval whose delete job was lost: the peering is deleted and the thread told, once', async () => {
    const record = (await store.listOpenPeerings()).find((r) => r.aivenPeeringId === SEED_IDS.prodEuPeering);
    if (!record) throw new Error('the first poll did not track the seeded peering');
    const thread = { channelId: CHANNEL, ts: '1700000000.000200' };
    const tracked = await store.updatePeering(record.id, record.version, { thread });
    const request = {
      id: 'del-vlost0002',
      peeringId: tracked.id,
      requestedBy: 'U0ALICE',
      channelId: CHANNEL,
      requestedAt: minutesAgo(6),
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      status: 'open' as const,
      attempt: 0,
      version: 1,
      message: { channelId: CHANNEL, ts: '1700000000.000300' },
    };
    const at = minutesAgo(5);
    await store.openDeletionRequest(request, {
      peeringId: tracked.id,
      action: 'deletion-requested',
      actor: 'U0ALICE',
      at: request.requestedAt,
      requestId: request.id,
    });
    await store.decideDeletionRequest(request.id, 'approved', {
      peeringId: tracked.id,
      action: 'deletion-approved',
      actor: 'U0BOB',
      at,
      requestId: request.id,
    });

    await expect(makeLambdaPollerHandler(e.env)()).resolves.toMatchObject({ resumed: 1 });
    expect(await runWorker()).toBeGreaterThanOrEqual(1);
    const deletes = e.aiven.requests.filter((r) => r.method === 'DELETE');
    expect(deletes).toHaveLength(1);
    expect(deletes[0]?.path).toContain(SEED_IDS.prodEuPeering);
    const told = e.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.thread_ts === thread.ts && textOf(c.args).includes('Aiven is deleting'));
    expect(told).toHaveLength(1);
    expect((await store.getPeering(tracked.id))?.state).toBe('DELETING');
    await expect(makeLambdaPollerHandler(e.env)()).resolves.toMatchObject({ resumed: 0 });
  });

  it('a deletion request whose message job was lost: the request message is posted', async () => {
    const record = (await store.listOpenPeerings()).find((r) => r.state === 'APPROVED');
    if (!record) throw new Error('no open peering to ask about');
    await store.openDeletionRequest(
      {
        id: 'del-vlost0003',
        peeringId: record.id,
        requestedBy: 'U0ALICE',
        channelId: CHANNEL,
        requestedAt: minutesAgo(3),
        expiresAt: new Date(Date.now() + 3600_000).toISOString(),
        status: 'open',
        attempt: 0,
        version: 1,
      },
      {
        peeringId: record.id,
        action: 'deletion-requested',
        actor: 'U0ALICE',
        at: minutesAgo(3),
        requestId: 'del-vlost0003',
      },
    );
    await expect(makeLambdaPollerHandler(e.env)()).resolves.toMatchObject({ resumed: 1 });
    await runWorker();
    const posted = e.slack
      .callsTo('chat.postMessage')
      .filter((c) => findButton((c.args.blocks as unknown[]) ?? [], 'deletion_approve'));
    expect(posted).toHaveLength(1);
    expect((await store.getDeletionRequest('del-vlost0003'))?.message?.ts).toBe(posted[0]?.response?.ts);
    await expect(makeLambdaPollerHandler(e.env)()).resolves.toMatchObject({ resumed: 0 });
  });
});
