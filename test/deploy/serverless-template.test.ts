// The deployment as CloudFormation sees it: `npm run package` (osls + serverless-esbuild, offline) and
// checks on the generated template and zips. Set SERVERLESS_PACKAGE_DIR to a fresh package directory
// (e.g. .serverless after `npm run package`) to skip packaging.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { filesReadAtStart } from '../../bench/bundles';
import { TTL_ATTRIBUTE, tableDefinition } from '../../src/adapters/store/dynamodb';
import { extractZip, handlerFile } from '../support/packaged';
import { describePackagedHandlers } from './packaged-handlers';

type Json = Record<string, unknown>;
interface Resource {
  Type: string;
  Properties?: Json;
  DependsOn?: string | string[];
}
interface Statement {
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Condition?: unknown;
}

const root = resolve(__dirname, '../..');
const FUNCTIONS = {
  http: 'HttpLambdaFunction',
  worker: 'WorkerLambdaFunction',
  poller: 'PollerLambdaFunction',
  deadLetters: 'DeadLettersLambdaFunction',
};
/** The entry file of a function (kebab-case file names, camelCase function names). */
const entryOf = (fn: string) => fn.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const PEER_ROLE_NAME = 'vpc-peer-accepter'; // serverless.yml params.default.peerRoleName
const HTTP_ZIP_BUDGET_BYTES = 1.5 * 1024 * 1024;

/**
 * Statements allowed to use a wildcard action or Resource "*", each with its reason. Keep this short:
 * anything added to serverless.yml that needs one must be listed here on purpose.
 */
const ALLOWED_WILDCARDS: { resource: string; effect: Statement['Effect']; why: string }[] = [
  {
    resource: 'ServerlessDeploymentBucketPolicy',
    effect: 'Deny',
    why: "osls' own bucket policy: Deny s3:* to anyone without TLS. A broad Deny only narrows access.",
  },
];

let dir: string;
let template: { Resources: Record<string, Resource>; Outputs: Record<string, Json> };

beforeAll(async () => {
  if (process.env.SERVERLESS_PACKAGE_DIR) {
    dir = resolve(root, process.env.SERVERLESS_PACKAGE_DIR);
  } else {
    dir = join(root, '.serverless');
    await promisify(execFile)('npm', ['run', 'package'], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    });
  }
  template = JSON.parse(readFileSync(join(dir, 'cloudformation-template-update-stack.json'), 'utf8'));
}, 240_000);

const resource = (logicalId: string): Resource => {
  const found = template.Resources[logicalId];
  if (!found) throw new Error(`template has no resource ${logicalId}`);
  return found;
};
const props = (logicalId: string) => resource(logicalId).Properties ?? {};
const ofType = (type: string) => Object.entries(template.Resources).filter(([, r]) => r.Type === type);
const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
const env = (fn: keyof typeof FUNCTIONS) =>
  (props(FUNCTIONS[fn]).Environment as { Variables: Record<string, unknown> }).Variables;

/** The role logical id a function runs with (`role:` in serverless.yml). */
const roleOf = (fn: keyof typeof FUNCTIONS): string => {
  const role = props(FUNCTIONS[fn]).Role as { 'Fn::GetAtt'?: [string, string] };
  const id = role['Fn::GetAtt']?.[0];
  if (!id) throw new Error(`${fn} has no per-function role: ${JSON.stringify(role)}`);
  return id;
};

const roleStatements = (roleId: string): Statement[] =>
  ((props(roleId).Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]).flatMap(
    (policy) => policy.PolicyDocument.Statement,
  );

/** Every policy statement anywhere in the template (roles, bucket/queue policies, managed policies). */
function allStatements(): { resource: string; statement: Statement }[] {
  const found: { resource: string; statement: Statement }[] = [];
  const walk = (logicalId: string, node: unknown) => {
    if (Array.isArray(node)) {
      for (const item of node) walk(logicalId, item);
    } else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'PolicyDocument' || key === 'AssumeRolePolicyDocument') {
          for (const statement of asArray((value as { Statement?: Statement | Statement[] }).Statement))
            found.push({ resource: logicalId, statement });
        } else {
          walk(logicalId, value);
        }
      }
    }
  };
  for (const [logicalId, r] of Object.entries(template.Resources)) walk(logicalId, r.Properties);
  return found;
}

const actionsOf = (statements: Statement[]) => statements.flatMap((s) => asArray(s.Action));

/** A resource as a plain string: literal strings, and the template of an Fn::Sub. */
const resourceText = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const sub = (value as { 'Fn::Sub'?: unknown })['Fn::Sub'];
  return typeof sub === 'string' ? sub : JSON.stringify(value);
};
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('functions', () => {
  test.each(Object.entries(FUNCTIONS))(
    '%s runs nodejs22.x on arm64 with the shared environment',
    (fn, id) => {
      const p = props(id);
      expect(p.Runtime).toBe('nodejs22.x');
      expect(p.Architectures).toEqual(['arm64']);
      expect(p.Handler).toBe(`src/entry/${entryOf(fn)}.handler`);
      const variables = env(fn as keyof typeof FUNCTIONS);
      expect(variables.DYNAMODB_TABLE).toEqual({ Ref: 'PeeringsTable' });
      expect(variables.JOBS_QUEUE_URL).toEqual({ Ref: 'JobsQueue' });
      expect(variables.SECRETS_ID).toEqual(expect.stringMatching(/\S/));
      expect(variables.NODE_OPTIONS).toBe('--enable-source-maps');
      // No secret ever sits in the template: they come from Secrets Manager at start-up.
      for (const name of ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'AIVEN_API_TOKEN'])
        expect(variables).not.toHaveProperty(name);
    },
  );

  test('http answers Slack well within API Gateway limits', () => {
    expect(props(FUNCTIONS.http).Timeout).toBeLessThanOrEqual(29);
  });

  test('POST /slack/events on the HTTP API invokes the http function', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties ?? {});
    expect(routes.map((r) => r.RouteKey)).toEqual(['POST /slack/events']);
    const integrations = ofType('AWS::ApiGatewayV2::Integration').map(([, r]) => r.Properties ?? {});
    expect(integrations).toHaveLength(1);
    expect(JSON.stringify(integrations[0]?.IntegrationUri)).toContain(FUNCTIONS.http);
    expect(template.Outputs.SlackEventsUrl).toBeDefined();
    expect(JSON.stringify(template.Outputs.SlackEventsUrl)).toContain('/slack/events');
  });

  test('the worker consumes the jobs queue and deadLetters its DLQ, with partial batch failures', () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping').map(([, r]) => r.Properties ?? {});
    expect(
      mappings.map((m) => [JSON.stringify(m.EventSourceArn), JSON.stringify(m.FunctionName)]).sort(),
    ).toEqual(
      [
        [{ 'Fn::GetAtt': ['JobsDeadLetterQueue', 'Arn'] }, { 'Fn::GetAtt': [FUNCTIONS.deadLetters, 'Arn'] }],
        [{ 'Fn::GetAtt': ['JobsQueue', 'Arn'] }, { 'Fn::GetAtt': [FUNCTIONS.worker, 'Arn'] }],
      ].map(([a, b]) => [JSON.stringify(a), JSON.stringify(b)]),
    );
    for (const mapping of mappings) {
      expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
      expect(mapping.BatchSize).toEqual(expect.any(Number));
    }
  });

  test('a worker run fits one Aiven read with retries, a create, Slack calls and the report reserve', () => {
    // 4 x 10 s + 3.5 s backoff, 10 s create, 4 Slack calls of 10 s, 20 s reserve (README, serverless.yml).
    expect(props(FUNCTIONS.worker).Timeout as number).toBeGreaterThanOrEqual(43.5 + 10 + 40 + 20);
  });

  test('the poller runs every minute', () => {
    const rules = ofType('AWS::Events::Rule').map(([, r]) => r.Properties ?? {});
    expect(rules).toHaveLength(1);
    expect(rules[0]?.ScheduleExpression).toBe('rate(1 minute)');
    expect(JSON.stringify(rules[0]?.Targets)).toContain(FUNCTIONS.poller);
  });

  test.each(Object.keys(FUNCTIONS))('%s.zip exists and holds its bundled handler', (fn) => {
    const zip = join(dir, `${fn}.zip`);
    expect(existsSync(zip)).toBe(true);
    // Zip entry names are stored uncompressed, so the handler's path shows up in the raw bytes. The
    // handler is an ES module; its chunks sit in <entry>.chunks/, and no other function's code is there.
    const bytes = readFileSync(zip);
    expect(bytes.includes(`src/entry/${entryOf(fn)}.mjs`)).toBe(true);
    for (const other of Object.keys(FUNCTIONS).filter((f) => f !== fn))
      expect(bytes.includes(`src/entry/${entryOf(other)}.`)).toBe(false);
    const code = props(FUNCTIONS[fn as keyof typeof FUNCTIONS]).Code as { S3Key: string };
    expect(code.S3Key.endsWith(`/${fn}.zip`)).toBe(true);
  });

  test('the http zip stays under its 1.5 MB budget', () => {
    expect(statSync(join(dir, 'http.zip')).size).toBeLessThan(HTTP_ZIP_BUDGET_BYTES);
  });

  test('the http function loads no subcommand or button handler, nor the YAML parser, at start, only on first use', () => {
    // A phrase only each module has: the subcommand table, help, each subcommand, the Home button.
    const phrases = [
      'open the form to request a new peering',
      'peers your AWS VPCs with Aiven organization VPCs',
      'ignoring a retried slash command',
      'No org VPC is called',
      'status: no such peering',
      'No peering vpc-peer can delete',
      'Please try again, or type',
      // The policy file's reader and the YAML parser: only with POLICY_FILE set (src/container/settings.ts).
      'is not a 12-digit AWS account id',
      'Implicit keys need to be on a single line',
      // `/vpc-peer access`.
      'may do with vpc-peer',
    ];
    const work = mkdtempSync(join(tmpdir(), 'vpc-peer-http-start-'));
    try {
      extractZip(join(dir, 'http.zip'), work);
      const read = (files: string[]) => files.map((f) => readFileSync(f, 'utf8')).join('\n');
      const atStart = read(filesReadAtStart(handlerFile(work, 'http')));
      const everything = read(
        readdirSync(work, { recursive: true, encoding: 'utf8' })
          .filter((f) => /\.(m|c)?js$/.test(f))
          .map((f) => join(work, f)),
      );
      const where = phrases.map((phrase) => ({
        phrase,
        inZip: everything.includes(phrase),
        atStart: atStart.includes(phrase),
      }));
      expect(where).toEqual(phrases.map((phrase) => ({ phrase, inZip: true, atStart: false })));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe('the Terraform file upload', () => {
  test('runs in the worker only: the http function queues it and carries none of its code', () => {
    // A phrase only src/slack/file-delivery.ts has.
    const phrase = 'Slack refused the file; its content goes out as messages instead';
    const everything = (fn: string) => {
      const work = mkdtempSync(join(tmpdir(), `vpc-peer-${fn}-`));
      try {
        extractZip(join(dir, `${fn}.zip`), work);
        return readdirSync(work, { recursive: true, encoding: 'utf8' })
          .filter((f) => /\.(m|c)?js$/.test(f))
          .map((f) => readFileSync(join(work, f), 'utf8'))
          .join('\n');
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    };
    expect(everything('http').includes(phrase)).toBe(false);
    expect(everything('worker').includes(phrase)).toBe(true);
  });
});

describe('jobs queue', () => {
  test('redrives to the DLQ after MAX_JOB_ATTEMPTS deliveries, the number the worker is told', () => {
    const redrive = props('JobsQueue').RedrivePolicy as {
      deadLetterTargetArn: unknown;
      maxReceiveCount: number;
    };
    expect(redrive.deadLetterTargetArn).toEqual({ 'Fn::GetAtt': ['JobsDeadLetterQueue', 'Arn'] });
    expect(redrive.maxReceiveCount).toBe(3);
    expect(Number(env('worker').MAX_JOB_ATTEMPTS)).toBe(redrive.maxReceiveCount);
  });

  test('every SQS trigger: the queue hides a message for at least 6x its function timeout', () => {
    // AWS refuses a mapping whose queue's visibility timeout is below the function's timeout (the
    // deploy fails), and recommends six times it. SQS's default (30 s) counts when none is set.
    const mappings = ofType('AWS::Lambda::EventSourceMapping').map(([, r]) => r.Properties ?? {});
    expect(mappings.length).toBeGreaterThanOrEqual(2);
    const checked = mappings.map((mapping) => {
      const [queueId] = (mapping.EventSourceArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
      const [functionId] = (mapping.FunctionName as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
      expect(resource(queueId).Type).toBe('AWS::SQS::Queue');
      const visibility = (props(queueId).VisibilityTimeout as number | undefined) ?? 30;
      const timeout = (props(functionId).Timeout as number | undefined) ?? 6;
      return { queueId, functionId, visibility, sixTimesTimeout: 6 * timeout };
    });
    for (const { visibility, sixTimesTimeout, ...which } of checked)
      expect({ ...which, enough: visibility >= sixTimesTimeout }).toEqual({ ...which, enough: true });
    expect(checked.map((c) => c.queueId).sort()).toEqual(['JobsDeadLetterQueue', 'JobsQueue']);
  });

  test('both queues are encrypted and the DLQ keeps messages 14 days', () => {
    expect(props('JobsQueue').SqsManagedSseEnabled).toBe(true);
    expect(props('JobsDeadLetterQueue').SqsManagedSseEnabled).toBe(true);
    expect(props('JobsDeadLetterQueue').MessageRetentionPeriod).toBe(14 * 24 * 3600);
  });
});

describe('table', () => {
  const definition = tableDefinition('ignored');
  const byName = <T extends { AttributeName?: string }>(items: T[] | undefined) =>
    [...(items ?? [])].sort((a, b) => String(a.AttributeName).localeCompare(String(b.AttributeName)));
  const byIndexName = <T extends { IndexName?: string }>(items: T[] | undefined) =>
    [...(items ?? [])].sort((a, b) => String(a.IndexName).localeCompare(String(b.IndexName)));

  test('has exactly the keys, attributes and indexes of tableDefinition()', () => {
    const table = props('PeeringsTable');
    expect(table.KeySchema).toEqual(definition.KeySchema);
    expect(byName(table.AttributeDefinitions as { AttributeName: string }[])).toEqual(
      byName(definition.AttributeDefinitions),
    );
    expect(byIndexName(table.GlobalSecondaryIndexes as { IndexName: string }[])).toEqual(
      byIndexName(definition.GlobalSecondaryIndexes),
    );
    expect(table.LocalSecondaryIndexes).toEqual(definition.LocalSecondaryIndexes);
    expect(table.BillingMode).toBe(definition.BillingMode);
    expect(table.BillingMode).toBe('PAY_PER_REQUEST');
  });

  test('expires items on expiresAt, keeps point-in-time recovery and is encrypted', () => {
    const table = props('PeeringsTable');
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
    expect(TTL_ATTRIBUTE).toBe('expiresAt');
    expect(table.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.SSESpecification).toEqual({ SSEEnabled: true });
  });
});

describe('IAM', () => {
  test('every function has its own role', () => {
    const roles = Object.keys(FUNCTIONS).map((fn) => roleOf(fn as keyof typeof FUNCTIONS));
    expect(new Set(roles).size).toBe(Object.keys(FUNCTIONS).length);
    expect(template.Resources.IamRoleLambdaExecution).toBeUndefined();
  });

  test('no statement allows every action or every action of a service, except the listed ones', () => {
    const offending = allStatements().filter(
      ({ resource: id, statement }) =>
        asArray(statement.Action).some((action) => action === '*' || action.endsWith(':*')) &&
        !ALLOWED_WILDCARDS.some((allowed) => allowed.resource === id && allowed.effect === statement.Effect),
    );
    expect(offending).toEqual([]);
  });

  test('no statement has Resource "*", except the listed ones', () => {
    const offending = allStatements().filter(
      ({ resource: id, statement }) =>
        asArray(statement.Resource).some((r) => resourceText(r) === '*') &&
        !ALLOWED_WILDCARDS.some((allowed) => allowed.resource === id && allowed.effect === statement.Effect),
    );
    expect(offending).toEqual([]);
  });

  // Keyed reads and conditional Put/Delete (TransactWriteItems needs the action of each item's kind).
  const RECORDS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'];
  // Deletion requests append to the peering's history with list_append.
  const HISTORY = ['dynamodb:UpdateItem'];
  // Open peerings and Aiven ids are read through the sparse indexes.
  const INDEXES = ['dynamodb:Query'];
  const CONSUME = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'];
  test.each([
    ['http', [...RECORDS, ...HISTORY, ...INDEXES, 'sqs:SendMessage']],
    [
      'worker',
      [
        ...RECORDS,
        ...HISTORY,
        ...INDEXES,
        ...CONSUME,
        'sqs:ChangeMessageVisibility',
        'sqs:SendMessage',
        'sts:AssumeRole',
      ],
    ],
    // The store upgrade (docs/operations.md) scans the table once per layout version.
    ['poller', [...RECORDS, ...HISTORY, ...INDEXES, 'dynamodb:Scan', 'sqs:SendMessage']],
    ['deadLetters', [...RECORDS, ...HISTORY, ...CONSUME]],
  ] as const)('%s has exactly the actions its code uses', (fn, actions) => {
    const granted = actionsOf(roleStatements(roleOf(fn))).filter(
      (a) => !a.startsWith('logs:') && a !== 'secretsmanager:GetSecretValue',
    );
    expect([...granted].sort()).toEqual([...actions].sort());
  });

  test('the http role cannot assume roles or touch EC2', () => {
    const actions = actionsOf(roleStatements(roleOf('http')));
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((a) => a.toLowerCase().startsWith('sts:'))).toEqual([]);
    expect(actions.filter((a) => a.toLowerCase().startsWith('ec2:'))).toEqual([]);
    // ...and cannot consume jobs: that is the worker's event source mapping.
    expect(actions).not.toContain('sqs:ReceiveMessage');
  });

  test('the worker gets the accepter settings, with the role name it may assume; http gets none', () => {
    expect(env('worker')).toMatchObject({
      ACCEPTER_ROLE_NAME: PEER_ROLE_NAME,
      AUTO_ACCEPT: 'false',
      ALLOW_REMOTE_DNS: 'false',
    });
    for (const name of [
      'ACCEPTER_ROLE_NAME',
      'ACCEPTER_EXTERNAL_ID',
      'ACCEPTER_ROLES',
      'AUTO_ACCEPT',
      'ROUTE_TABLES',
    ])
      expect(env('http')).not.toHaveProperty(name);
  });

  test('only the worker may assume a role, and only the configured accepter role name', () => {
    for (const fn of ['http', 'poller', 'deadLetters'] as const)
      expect(actionsOf(roleStatements(roleOf(fn))).filter((a) => a.startsWith('sts:'))).toEqual([]);
    const assume = roleStatements(roleOf('worker')).filter((s) =>
      asArray(s.Action).includes('sts:AssumeRole'),
    );
    expect(assume).toHaveLength(1);
    expect(asArray(assume[0]?.Resource).map(resourceText)).toEqual([
      expect.stringMatching(new RegExp(`^arn:\\$\\{AWS::Partition\\}:iam::\\*:role/${PEER_ROLE_NAME}$`)),
    ]);
  });

  test('the worker role can consume the jobs queue (the event source mapping polls with it)', () => {
    const sqs = roleStatements(roleOf('worker')).filter((s) =>
      asArray(s.Resource).some(
        (r) => JSON.stringify(r) === JSON.stringify({ 'Fn::GetAtt': ['JobsQueue', 'Arn'] }),
      ),
    );
    expect(actionsOf(sqs)).toEqual(
      expect.arrayContaining([
        'sqs:ReceiveMessage',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:ChangeMessageVisibility',
      ]),
    );
  });

  test.each(Object.keys(FUNCTIONS))('%s reads only its own secret and writes only its own logs', (fn) => {
    const statements = roleStatements(roleOf(fn as keyof typeof FUNCTIONS));
    const secret = statements.filter((s) => asArray(s.Action).includes('secretsmanager:GetSecretValue'));
    expect(secret).toHaveLength(1);
    // Secrets Manager appends "-" and six random characters to the name in the ARN.
    expect(asArray(secret[0]?.Resource).map(resourceText)).toEqual([
      expect.stringMatching(
        new RegExp(`:secret:${escapeRegExp(String(env(fn as keyof typeof FUNCTIONS).SECRETS_ID))}-\\?{6}$`),
      ),
    ]);
    const logs = statements.filter((s) => asArray(s.Action).some((a) => a.startsWith('logs:')));
    const logGroup = `${fn[0]?.toUpperCase()}${fn.slice(1)}LogGroup`;
    expect(logs.flatMap((s) => asArray(s.Resource))).toEqual([{ 'Fn::GetAtt': [logGroup, 'Arn'] }]);
  });

  test('the poller may reconcile (records, claims, snapshot), upgrade the store and nothing more', () => {
    const poller = roleStatements(roleOf('poller'));
    const dynamo = actionsOf(poller.filter((s) => asArray(s.Action).some((a) => a.startsWith('dynamodb:'))));
    expect([...dynamo].sort()).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:Scan',
      'dynamodb:UpdateItem',
    ]);
    // It queues "Accept in AWS" when a peering reaches PENDING_PEER, and consumes nothing.
    expect(actionsOf(poller).filter((a) => a.startsWith('sqs:'))).toEqual(['sqs:SendMessage']);
  });

  test('the worker may send to the jobs queue (the fast watch re-enqueues itself) and nowhere else', () => {
    const send = roleStatements(roleOf('worker')).filter((s) =>
      asArray(s.Action).includes('sqs:SendMessage'),
    );
    expect(send).toHaveLength(1);
    expect(asArray(send[0]?.Resource)).toEqual([{ 'Fn::GetAtt': ['JobsQueue', 'Arn'] }]);
  });

  test.each(Object.keys(FUNCTIONS))('%s gets the delete-with-approval settings', (fn) => {
    const variables = env(fn as keyof typeof FUNCTIONS);
    expect(variables.APPROVERS).toBe('');
    expect(Number(variables.APPROVAL_TTL_MINUTES)).toBe(60);
    expect(Number(variables.APPROVALS_REQUIRED)).toBe(1);
    expect(variables.ALLOWED_CHANNELS).toBe('');
  });

  test('DynamoDB access is limited to the table and its indexes', () => {
    for (const fn of Object.keys(FUNCTIONS)) {
      const dynamo = roleStatements(roleOf(fn as keyof typeof FUNCTIONS)).filter((s) =>
        asArray(s.Action).some((a) => a.startsWith('dynamodb:')),
      );
      expect(dynamo.length).toBeGreaterThan(0);
      for (const statement of dynamo)
        for (const r of asArray(statement.Resource)) expect(JSON.stringify(r)).toContain('PeeringsTable');
    }
  });
});

describePackagedHandlers(() => dir);

describe('alarms', () => {
  const alarms = () =>
    ofType('AWS::CloudWatch::Alarm').map(([id, r]) => ({ id, p: (r.Properties ?? {}) as Json }));
  const topicOf = (p: Json) => {
    expect(p.AlarmActions).toEqual([{ Ref: 'AlarmsTopic' }]);
    return resource('AlarmsTopic').Type;
  };

  test('the dead-letter queue alarms as soon as one job lands in it', () => {
    const dlq = alarms().filter(({ p }) => p.Namespace === 'AWS/SQS');
    expect(dlq).toHaveLength(1);
    const { p } = dlq[0] as { p: Json };
    expect(p.MetricName).toBe('ApproximateNumberOfMessagesVisible');
    expect(p.Dimensions).toEqual([
      { Name: 'QueueName', Value: { 'Fn::GetAtt': ['JobsDeadLetterQueue', 'QueueName'] } },
    ]);
    expect(p.ComparisonOperator).toBe('GreaterThanThreshold');
    expect(p.Threshold).toBe(0);
    expect(topicOf(p)).toBe('AWS::SNS::Topic');
  });

  test.each(Object.entries(FUNCTIONS))("%s's errors alarm to the alarms topic", (_fn, id) => {
    const mine = alarms().filter(
      ({ p }) =>
        p.Namespace === 'AWS/Lambda' &&
        JSON.stringify(p.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: id } }]),
    );
    expect(mine).toHaveLength(1);
    const { p } = mine[0] as { p: Json };
    expect(p.MetricName).toBe('Errors');
    expect(p.Statistic).toBe('Sum');
    expect(p.TreatMissingData).toBe('notBreaching');
    expect(topicOf(p)).toBe('AWS::SNS::Topic');
  });

  test('without alarmEndpoint the topic has no subscription; with one it is subscribed', async () => {
    const subscription = resource('AlarmsSubscription');
    expect(subscription.Type).toBe('AWS::SNS::Subscription');
    expect(subscription.Properties?.TopicArn).toEqual({ Ref: 'AlarmsTopic' });
    const condition = (subscription as { Condition?: string }).Condition as string;
    // The default parameter is empty: the condition compares '' with '', so no subscription is made.
    expect((template as unknown as { Conditions: Json }).Conditions[condition]).toEqual({
      'Fn::Not': [{ 'Fn::Equals': ['', ''] }],
    });
    expect(template.Outputs.AlarmsTopicArn).toEqual(
      expect.objectContaining({ Value: { Ref: 'AlarmsTopic' } }),
    );

    const withEndpoint = join(mkdtempSync(join(tmpdir(), 'vpc-peer-package-')), 'out');
    await promisify(execFile)(
      'npm',
      ['run', 'package', '--', '--package', withEndpoint, '--param=alarmEndpoint=oncall@example.com'],
      { cwd: root, maxBuffer: 16 * 1024 * 1024 },
    );
    const other = JSON.parse(
      readFileSync(join(withEndpoint, 'cloudformation-template-update-stack.json'), 'utf8'),
    ) as { Resources: Record<string, Resource>; Conditions: Json };
    expect(other.Resources.AlarmsSubscription?.Properties).toEqual({
      TopicArn: { Ref: 'AlarmsTopic' },
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
    expect(other.Conditions[condition]).toEqual({
      'Fn::Not': [{ 'Fn::Equals': ['oncall@example.com', ''] }],
    });
  }, 240_000);

  test('no function role may touch alarms or the topic (CloudWatch publishes by itself)', () => {
    for (const fn of Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[])
      expect(actionsOf(roleStatements(roleOf(fn))).filter((a) => /^(sns|cloudwatch):/.test(a))).toEqual([]);
  });
});
