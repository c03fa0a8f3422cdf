// Time to answer Slack through the Lambda HTTP handler (AwsLambdaReceiver) while Aiven takes 2.5 s
// per request. Slack gives up after 3 s; the budget is p99 < 1 s.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsLambdaReceiver } from '@slack/bolt';
import { makeDurableQueue } from '../src/adapters/queue/durable';
import { openSqliteStore } from '../src/adapters/store/sqlite';
import { AIVEN_DOCUMENTED_AWS_ACCOUNT_ID } from '../src/config';
import { makeWorkerSlackClient } from '../src/container/clients';
import { makeWorker } from '../src/container/index';
import { makeSlackApp } from '../src/container/slack-app';
import { makeLogger } from '../src/logger';
import type { JobQueue } from '../src/peering/ports';
import { SEED_IDS, startAivenSandbox } from '../src/sandbox/aiven-sandbox';
import { startSlackApiStandIn } from '../src/sandbox/slack-api';
import {
  apiGatewayEvent,
  signSlackRequest,
  slashCommandBody,
  viewSubmissionBody,
} from '../test/support/slack';

const SECRET = 'bench0000000000000000000000secret';
const TOKEN = 'xoxb-bench-token';

export interface LatencyRow {
  request: string;
  count: number;
  medianMs: number;
  p99Ms: number;
  maxMs: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export async function runLatencyBench(count = 200): Promise<LatencyRow[]> {
  const aiven = await startAivenSandbox({ clock: 'manual', latencyMs: 2500 });
  const slack = await startSlackApiStandIn();
  const logger = makeLogger({ level: 'silent' });
  const store = openSqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'vpc-peer-bench-')), 'bench.db') });
  const aivenConfig = {
    mode: 'api' as const,
    apiUrl: aiven.url,
    token: aiven.token,
    organizationId: aiven.organizationId,
    timeoutMs: 10_000,
  };
  // The worker runs in the same process, busy with 2.5 s Aiven calls: the worst case for the ack path.
  const later: JobQueue = { enqueue: (job, options) => queue.enqueue(job, options) };
  const jobs = makeWorker(
    {
      aiven: aivenConfig,
      // No accepter role: the bench never reaches PENDING_PEER.
      accept: { roles: {}, autoAccept: false, routeTables: {}, allowRemoteDns: false },
      notifyChannelId: undefined,
      aivenAwsAccountId: AIVEN_DOCUMENTED_AWS_ACCOUNT_ID,
    },
    {
      store,
      queue: later,
      slack: makeWorkerSlackClient({ botToken: TOKEN, apiUrl: slack.apiUrl, logger }),
      logger,
    },
  );
  const queue = makeDurableQueue({
    table: store.jobs,
    runJob: jobs.runJob,
    onFinalFailure: jobs.onFinalFailure,
    logger,
  });
  queue.start();
  const receiver = new AwsLambdaReceiver({ signingSecret: SECRET });
  makeSlackApp({
    receiver,
    slack: { botToken: TOKEN, apiUrl: slack.apiUrl },
    listeners: { config: { requesters: [] }, organizationId: aiven.organizationId, store, queue, logger },
  });
  const handler = receiver.toHandler();

  async function timed(body: string, expectEmptyAnswer: boolean): Promise<number> {
    const started = performance.now();
    const response = await handler(apiGatewayEvent(body, signSlackRequest(SECRET, body)) as never, {});
    const ms = performance.now() - started;
    if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}: ${response.body}`);
    // A submission answered with validation errors would be fast for the wrong reason.
    if (expectEmptyAnswer && response.body !== '') throw new Error(`unexpected answer: ${response.body}`);
    return ms;
  }

  // One form load reads the org VPCs (5 s at this latency), as the poller keeps them in production.
  await timed(slashCommandBody({ text: '', responseUrl: slack.responseUrl() }), true);
  await queue.idle();

  const commandMs: number[] = [];
  const submitMs: number[] = [];
  for (let i = 0; i < count; i++) {
    commandMs.push(await timed(slashCommandBody({ text: '', responseUrl: slack.responseUrl() }), true));
    const opened = slack.callsTo('views.open').at(-1);
    const view = { ...(opened?.args.view as object), id: `V${String(i + 2).padStart(8, '0')}` } as never;
    const values = {
      org_vpc: SEED_IDS.prodEu,
      aws_account_id: '210987654321',
      aws_region: 'eu-west-1',
      aws_vpc_id: `vpc-${(0x10000000 + i).toString(16)}`,
    };
    // The first form is the loading one; submit against the filled form the way a user would.
    submitMs.push(
      await timed(viewSubmissionBody({ ...(view as object), blocks: formBlocks() } as never, values), true),
    );
  }

  const rows = [
    ['/vpc-peer (opens the modal)', commandMs],
    ['modal submission (validates, queues the create)', submitMs],
  ].map(([request, samples]) => {
    const sorted = [...(samples as number[])].sort((a, b) => a - b);
    return {
      request: request as string,
      count: sorted.length,
      medianMs: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      maxMs: sorted.at(-1) ?? Number.NaN,
    };
  });
  await queue.close().catch(() => undefined);
  await aiven.close();
  await slack.close();
  await store.close?.();
  return rows;
}

function formBlocks() {
  const input = (id: string, type: string) => ({
    type: 'input',
    block_id: id,
    element: { type, action_id: id },
  });
  return [
    input('org_vpc', 'static_select'),
    input('aws_account_id', 'plain_text_input'),
    input('aws_region', 'static_select'),
    input('aws_vpc_id', 'plain_text_input'),
    input('extra_cidrs', 'plain_text_input'),
  ];
}
