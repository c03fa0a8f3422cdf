// A worker-side harness for progress tests: the Aiven sandbox over HTTP, the Slack Web API stand-in,
// a real store (SQLite or DynamoDB on moto) and the production wiring (makeProgress), on a clock the
// test moves together with the sandbox's.
import { makeAivenClient } from '../../src/adapters/aiven/client';
import type { Store } from '../../src/adapters/store/roles';
import { makeWorkerSlackClient } from '../../src/container/clients';
import { makeProgress } from '../../src/container/progress';
import { makeLogger } from '../../src/logger';
import type { PeeringRecord, PeeringSpec } from '../../src/peering/model';
import type { EnqueueOptions, Job, JobQueue } from '../../src/peering/ports';
import type { PeeringChangeHooks } from '../../src/peering/reconcile';
import { type AivenSandbox, SEED_IDS, startAivenSandbox } from '../../src/sandbox/aiven-sandbox';
import { type SlackApiCall, type SlackApiStandIn, startSlackApiStandIn } from '../../src/sandbox/slack-api';
import { makeMessageDelivery } from '../../src/slack/delivery';
import { ManualClock } from '../adapters/store-contract';

export const ROOT = { channelId: 'C0PLATFORM', ts: '1699999999.000100' } as const;
export const NOTIFY = 'C0NOTIFY';

export interface CapturedJob {
  job: Job;
  options: EnqueueOptions | undefined;
}

export interface ProgressHarness {
  aiven: AivenSandbox;
  slack: SlackApiStandIn;
  store: Store;
  clock: ManualClock;
  progress: ReturnType<typeof makeProgress>;
  /** An upgrade: the same store, Aiven and Slack, with another set of change hooks. */
  rewire(hooks: PeeringChangeHooks): void;
  queued: CapturedJob[];
  logs: string[];
  /** Moves Aiven's clock and vpc-peer's together. */
  advance(ms: number): void;
  /** Creates a peering in Aiven and its record as the create job leaves it (APPROVED, root posted). */
  track(spec?: Partial<PeeringSpec>): Promise<PeeringRecord>;
  /** A record as the create job finds it (REQUESTED, root posted), not yet in Aiven. */
  requested(spec?: Partial<PeeringSpec>): Promise<PeeringRecord>;
  /** What the create job does next: creates the peering in Aiven, then records its id and state. */
  submit(record: PeeringRecord): Promise<PeeringRecord>;
  /**
   * Runs `write` once, as soon as the next reconcile run has read Aiven (when it saves the snapshot):
   * another job's write landing while the poll is busy.
   */
  afterAivenRead(write: () => Promise<void>): void;
  /** Thread replies and root updates Slack received, as text. */
  replies(): SlackApiCall[];
  rootUpdates(): SlackApiCall[];
  stop(): Promise<void>;
}

type Block = { type: string; text?: { text: string }; elements?: { text: string }[] };
export const textOf = (call: SlackApiCall | undefined): string =>
  [
    call?.args.text,
    ...((call?.args.blocks as Block[] | undefined) ?? []).map(
      (b) => b.text?.text ?? b.elements?.map((e) => e.text).join(' '),
    ),
  ]
    .filter(Boolean)
    .join('\n');

let counter = 0;

export async function startProgressHarness(
  makeStore: (clock: ManualClock) => Promise<Store>,
  options: { notifyChannelId?: string; hooks?: PeeringChangeHooks } = {},
): Promise<ProgressHarness> {
  const aiven = await startAivenSandbox({ clock: 'manual' });
  const slack = await startSlackApiStandIn();
  const clock = new ManualClock(new Date());
  const realStore = await makeStore(clock);
  const afterRead: (() => Promise<void>)[] = [];
  const store: Store = {
    ...realStore,
    async saveSnapshot(snapshot) {
      await realStore.saveSnapshot(snapshot);
      for (const write of afterRead.splice(0)) await write();
    },
  };
  const logs: string[] = [];
  const logger = makeLogger({
    level: 'debug',
    destination: {
      write: (line: string) => {
        logs.push(line);
        return true;
      },
    } as never,
  });
  const queued: CapturedJob[] = [];
  const queue: JobQueue = {
    async enqueue(job, enqueueOptions) {
      queued.push({ job, options: enqueueOptions });
    },
  };
  const client = makeAivenClient({
    apiUrl: aiven.url,
    token: aiven.token,
    organizationId: aiven.organizationId,
    logger,
    timeoutMs: 2000,
    retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
  });
  // The worker's own Slack client: no client retries, 429s rejected with their Retry-After.
  const slackClient = makeWorkerSlackClient({ botToken: 'xoxb-progress-test', apiUrl: slack.apiUrl, logger });
  // Each wiring is a process of its own: its own delivery (which remembers rate limits in memory).
  const wire = (hooks: PeeringChangeHooks) =>
    makeProgress(
      {
        aiven: client,
        store,
        slack: slackClient,
        delivery: makeMessageDelivery({ client: slackClient, store, clock, logger }),
        queue,
        clock,
        logger,
      },
      { organizationId: aiven.organizationId, notifyChannelId: options.notifyChannelId, hooks },
    );
  let progress = wire(options.hooks ?? {});

  async function requested(spec: Partial<PeeringSpec> = {}): Promise<PeeringRecord> {
    counter += 1;
    const full: PeeringSpec = {
      orgVpcId: SEED_IDS.prodEu,
      awsAccountId: '210987654321',
      awsVpcId: `vpc-0123456789abc${String(counter).padStart(4, '0')}`,
      awsRegion: 'eu-west-1',
      extraCidrs: [],
      ...spec,
    };
    const now = clock.now().toISOString();
    const record: PeeringRecord = {
      id: `req-${counter}-${Date.now().toString(36)}`,
      spec: full,
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
      channelId: ROOT.channelId,
      thread: { ...ROOT },
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    return (await store.insertPeering(record)).record;
  }

  async function submit(record: PeeringRecord): Promise<PeeringRecord> {
    const peering = await client.createPeering(record.spec);
    return store.updatePeering(record.id, record.version, {
      aivenPeeringId: peering.id,
      state: peering.state,
      ...(peering.stateInfo ? { stateInfo: peering.stateInfo } : {}),
    });
  }

  return {
    aiven,
    slack,
    store,
    clock,
    get progress() {
      return progress;
    },
    rewire(hooks) {
      progress = wire(hooks);
    },
    queued,
    logs,
    advance(ms) {
      aiven.advance(ms);
      clock.advanceSeconds(ms / 1000);
    },
    async track(spec = {}) {
      const record = await requested(spec);
      return submit(record);
    },
    requested,
    submit,
    afterAivenRead(write) {
      afterRead.push(write);
    },
    replies: () => slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts !== undefined),
    rootUpdates: () => slack.callsTo('chat.update'),
    async stop() {
      await store.close?.();
      await aiven.close();
      await slack.close();
    },
  };
}
