// Approve (and Retry) when SQS refuses the delete job, on the deployed shape: the http Lambda handler,
// DynamoDB and SQS on moto. The attempt is recorded as failed, so it is never stuck "approved" with
// nothing to run: the approver hears it privately with a reference and a Retry that works.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { makeDynamoStore } from '../../src/adapters/store/dynamodb';
import type { Store } from '../../src/adapters/store/roles';
import { makeLambdaHttpHandler } from '../../src/container/lambda-http';
import type { DeletionRequest } from '../../src/peering/deletion';
import type { PeeringRecord } from '../../src/peering/model';
import { renderDeletionRequest } from '../../src/slack/views/deletion-request';
import { makeDeletionRequest } from '../adapters/store-contract-deletion';
import { seededRecord } from '../slack/deletion/helpers';
import { awsClientConfig, uniqueName } from '../support/aws';
import { type LambdaEnv, startLambdaEnv } from '../support/lambda-env';
import { apiGatewayEvent, blockActionBody, findButton, signSlackRequest } from '../support/slack';
import { createQueue, receive } from '../support/sqs';

/** Answers are checked here, not speed (the bench measures that): room for a loaded machine. */
const ROOMY = { ackDeadlineMs: 20_000 };

const SIGNING_SECRET = 'cc11bb22cc33dd44ee55ff6677889911';
const BOT_TOKEN = 'xoxb-deletion-queue-test-token';

type Blocks = { text?: { text: string }; elements?: { text?: string | { text: string } }[] }[];
const textOf = (body: Record<string, unknown> | undefined) =>
  [
    body?.text,
    ...((body?.blocks as Blocks | undefined) ?? []).map(
      (b) =>
        b.text?.text ??
        b.elements?.map((e) => (typeof e.text === 'string' ? e.text : e.text?.text)).join(' '),
    ),
  ]
    .filter(Boolean)
    .join('\n');

describe('approving a deletion while the job queue is unavailable', () => {
  let e: LambdaEnv;
  let store: Store;
  let record: PeeringRecord;
  let request: DeletionRequest;

  beforeAll(async () => {
    e = await startLambdaEnv({ name: 'delq', signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN });
    store = makeDynamoStore({
      client: new DynamoDBClient(awsClientConfig()),
      tableName: String(e.env.DYNAMODB_TABLE),
    });
    ({ record } = await store.insertPeering(seededRecord()));
    const open = makeDeletionRequest({
      peeringId: record.id,
      requestedAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    ({ request } = await store.openDeletionRequest(open, {
      peeringId: record.id,
      action: 'deletion-requested',
      actor: open.requestedBy,
      at: open.requestedAt,
    }));
  });
  afterAll(async () => {
    await store.close?.();
    await e.close();
  });

  /** Clicks a button of `message` (its blocks) as `userId` through the http function. */
  async function click(
    http: ReturnType<typeof makeLambdaHttpHandler>,
    blocks: unknown[],
    actionId: string,
    userId: string,
  ) {
    const found = findButton(blocks, actionId);
    if (!found) throw new Error(`no button ${actionId}`);
    const body = blockActionBody({
      ...found,
      container: { type: 'message', channelId: 'C0PLATFORM', messageTs: '1700000000.000200', blocks },
      responseUrl: e.slack.responseUrl(),
      userId,
    });
    await http(apiGatewayEvent(body, signSlackRequest(SIGNING_SECRET, body)) as never, {});
    return e.slack.responsePosts.at(-1)?.body;
  }

  it('records the failed start, tells the approver with a reference, and Retry queues the job', async () => {
    const missingName = uniqueName('delq-missing');
    const missingUrl = e.jobs.url.replace(/[^/]+$/, missingName);
    const env = { ...e.env, APPROVERS: 'U0BOB' };
    const down = makeLambdaHttpHandler({ ...env, JOBS_QUEUE_URL: missingUrl }, ROOMY);

    const message = renderDeletionRequest(request, record);
    const answered = e.slack.responsePosts.length;
    const told = await click(down, message.blocks, 'deletion_approve', 'U0BOB');
    // One private answer, not one per job that could not be queued.
    expect(e.slack.responsePosts).toHaveLength(answered + 1);
    const said = textOf(told);
    expect(told?.response_type).toBe('ephemeral');
    expect(said).toContain('was not deleted: vpc-peer could not start it (its job queue was unavailable)');
    expect(said).toMatch(
      new RegExp(`reference: ${request.id}/delete-peering:${request.id}:1`.replace(/[.:/]/g, '\\$&')),
    );
    expect(said).not.toMatch(/QueueDoesNotExist|Error:|at /);
    await expect(store.getDeletionRequest(request.id)).resolves.toMatchObject({
      status: 'approved',
      attempt: 1,
      failure: 'vpc-peer could not start it (its job queue was unavailable)',
    });

    // Retry while the queue is still down: the new attempt is recorded as failed in the same way.
    const again = await click(down, told?.blocks as unknown[], 'deletion_retry', 'U0BOB');
    expect(textOf(again)).toContain(`reference: ${request.id}/delete-peering:${request.id}:2`);
    await expect(store.getDeletionRequest(request.id)).resolves.toMatchObject({
      attempt: 2,
      failure: 'vpc-peer could not start it (its job queue was unavailable)',
    });

    // The queue is back: Retry starts attempt 3, and its job is in the queue.
    await createQueue(e.sqs, missingName);
    const up = makeLambdaHttpHandler({ ...env, JOBS_QUEUE_URL: missingUrl }, ROOMY);
    const retried = await click(up, again?.blocks as unknown[], 'deletion_retry', 'U0BOB');
    expect(textOf(retried)).toContain('<@U0BOB> asked to try again');
    const stored = await store.getDeletionRequest(request.id);
    expect(stored).toMatchObject({ status: 'approved', attempt: 3 });
    expect(stored?.failure).toBeUndefined();
    const queued = (await receive(e.sqs, missingUrl)).map((m) => JSON.parse(m.Body as string));
    expect(queued).toEqual(
      expect.arrayContaining([
        { kind: 'delete-peering', id: `delete-peering:${request.id}:3`, requestId: request.id, attempt: 3 },
      ]),
    );
    const history = (await store.listAuditEvents(record.id)).map((event) => event.action);
    expect(history).toEqual([
      'deletion-requested',
      'deletion-approved',
      'deletion-failed',
      'deletion-retried',
      'deletion-failed',
      'deletion-retried',
    ]);
  });
});
