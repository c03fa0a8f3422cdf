// A deployed-shape environment for the Lambda handlers: SQS queues, a DynamoDB table and the secret on
// moto, Aiven and Slack on their loopback stand-ins. The handlers build their own SDK clients from
// the standard variables, as on Lambda.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createTable } from '../../src/adapters/store/dynamodb';
import { type AivenSandbox, startAivenSandbox } from '../../src/sandbox/aiven-sandbox';
import { type SlackApiStandIn, startSlackApiStandIn } from '../../src/sandbox/slack-api';
import { awsClientConfig, TEST_REGION, uniqueName } from './aws';
import { createQueue, type TestQueue } from './sqs';

export interface LambdaEnv {
  aiven: AivenSandbox;
  slack: SlackApiStandIn;
  sqs: SQSClient;
  jobs: TestQueue;
  dlq: TestQueue;
  /** The functions' environment variables (MAX_JOB_ATTEMPTS 2, AIVEN_TIMEOUT_MS 1000). */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startLambdaEnv(options: { name: string; signingSecret: string; botToken: string }) {
  const aws = awsClientConfig();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: aws.endpoint,
    AWS_REGION: TEST_REGION,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
  });
  const aiven = await startAivenSandbox({ clock: 'manual' });
  const slack = await startSlackApiStandIn();
  const sqs = new SQSClient(aws);
  const dlq = await createQueue(sqs, uniqueName(`${options.name}-dlq`));
  const jobs = await createQueue(sqs, uniqueName(`${options.name}-jobs`), {
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }),
  });
  const table = uniqueName(`vpc-peer-${options.name}`);
  await createTable(new DynamoDBClient(aws), table);
  const secretId = uniqueName(`vpc-peer/${options.name}`);
  await new SecretsManagerClient(aws).send(
    new CreateSecretCommand({
      Name: secretId,
      SecretString: JSON.stringify({
        SLACK_SIGNING_SECRET: options.signingSecret,
        SLACK_BOT_TOKEN: options.botToken,
        AIVEN_API_TOKEN: aiven.token,
        AIVEN_ORGANIZATION_ID: aiven.organizationId,
      }),
    }),
  );
  const env = {
    SECRETS_ID: secretId,
    DYNAMODB_TABLE: table,
    JOBS_QUEUE_URL: jobs.url,
    MAX_JOB_ATTEMPTS: '2',
    SLACK_API_URL: slack.apiUrl,
    AIVEN_API_URL: aiven.url,
    AIVEN_TIMEOUT_MS: '1000',
    LOG_LEVEL: 'silent',
  };
  const lambdaEnv: LambdaEnv = {
    aiven,
    slack,
    sqs,
    jobs,
    dlq,
    env,
    async close() {
      sqs.destroy();
      await aiven.close();
      await slack.close();
    },
  };
  return lambdaEnv;
}
