// The packaged handlers as Lambda runs them: each zip unpacked on its own and loaded in a fresh
// `node` process. Catches what the source-level tests cannot: a chunk missing from a zip, a module
// the bundle stubs out (build/esbuild-plugins.cjs) being called after all, ES module interop.
// Called from serverless-template.test.ts, which packages once for both.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createTable } from '../../src/adapters/store/dynamodb';
import { type SlackApiStandIn, startSlackApiStandIn } from '../../src/sandbox/slack-api';
import { awsClientConfig, uniqueName } from '../support/aws';
import { extractZip, handlerFile, type LambdaFunctionName, runHandler } from '../support/packaged';
import { apiGatewayEvent, signSlackRequest, slashCommandBody } from '../support/slack';
import { createQueue, receive, type TestQueue } from '../support/sqs';

const SIGNING_SECRET = 'aa11bb22cc33dd44ee55ff6677889900';

export function describePackagedHandlers(packageDir: () => string): void {
  describe('packaged handlers, run as Lambda runs them', () => {
    let work: string;
    let slack: SlackApiStandIn;
    let sqs: SQSClient;
    let queue: TestQueue;
    let env: NodeJS.ProcessEnv;
    const handlers = {} as Record<LambdaFunctionName, string>;

    beforeAll(async () => {
      work = mkdtempSync(join(tmpdir(), 'vpc-peer-packaged-'));
      for (const fn of ['http', 'worker'] as const) {
        extractZip(join(packageDir(), `${fn}.zip`), join(work, fn));
        handlers[fn] = handlerFile(join(work, fn), fn);
      }
      const aws = awsClientConfig();
      slack = await startSlackApiStandIn();
      sqs = new SQSClient(aws);
      queue = await createQueue(sqs, uniqueName('packaged-jobs'));
      const table = uniqueName('packaged');
      await createTable(new DynamoDBClient(aws), table);
      env = {
        PATH: process.env.PATH,
        AWS_REGION: aws.region,
        AWS_ENDPOINT_URL: aws.endpoint,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        DYNAMODB_TABLE: table,
        JOBS_QUEUE_URL: queue.url,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: 'xoxb-packaged-test',
        SLACK_API_URL: slack.apiUrl,
        AIVEN_API_TOKEN: 'packaged-test',
        AIVEN_ORGANIZATION_ID: 'org1234567',
        LOG_LEVEL: 'silent',
      };
    }, 60_000);
    afterAll(async () => {
      sqs?.destroy();
      await slack?.close();
      if (work) rmSync(work, { recursive: true, force: true });
    });

    const command = (text: string, sign = true) => {
      const body = slashCommandBody({ text, responseUrl: slack.responseUrl() });
      const headers = signSlackRequest(sign ? SIGNING_SECRET : 'not-the-signing-secret-0000000000', body);
      return apiGatewayEvent(body, headers);
    };

    test('http refuses a request with a bad signature', async () => {
      const run = await runHandler(handlers.http, command('help', false), env);
      expect(run.result).toMatchObject({ statusCode: 401 });
    });

    test('http reads POLICY_FILE (the YAML parser in its own chunk) and answers /vpc-peer access', async () => {
      const policy = join(work, 'http', 'policy', 'packaged.yml');
      mkdirSync(join(work, 'http', 'policy'), { recursive: true });
      writeFileSync(
        policy,
        'teams:\n  payments:\n    members: [U0ALICE]\n    aws_accounts: ["111122223333"]\n',
      );
      const run = await runHandler(handlers.http, command('access'), { ...env, POLICY_FILE: policy });
      expect(run.threw).toBeUndefined();
      const answer = JSON.parse((run.result as { body: string }).body);
      expect(answer).toMatchObject({ response_type: 'ephemeral' });
      expect(answer.text).toContain('• Team *payments*: AWS accounts 111122223333, in any channel.');
    });

    test('http answers /vpc-peer help with the usage, only to the user', async () => {
      const run = await runHandler(handlers.http, command('help'), env);
      expect(run.threw).toBeUndefined();
      const answer = JSON.parse((run.result as { body: string }).body);
      expect(answer).toMatchObject({ response_type: 'ephemeral' });
      expect(answer.text).toContain('/vpc-peer create');
    });

    test('http opens the create form and queues loading the org VPCs (DynamoDB and SQS on moto)', async () => {
      const opened = slack.callsTo('views.open').length;
      const run = await runHandler(handlers.http, command(''), env);
      expect(run.result).toMatchObject({ statusCode: 200 });
      expect(slack.callsTo('views.open')).toHaveLength(opened + 1);
      const jobs = (await receive(sqs, queue.url)).map((m) => JSON.parse(m.Body as string));
      expect(jobs).toEqual([expect.objectContaining({ kind: 'load-create-form', userId: 'U0ALICE' })]);
    });

    test('worker handles an empty batch', async () => {
      const run = await runHandler(handlers.worker, { Records: [] }, env);
      expect(run.result).toEqual({ batchItemFailures: [] });
    });
  });
}
