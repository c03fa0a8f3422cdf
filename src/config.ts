import * as z from 'zod';
import type { PolicyFile } from './policy/schema';

/**
 * Every setting vpc-peer reads, in one schema. Parsed once at start-up; a missing or bad value stops
 * the process with a message naming the variable and what a valid value looks like.
 */
/** Aiven's AWS account id as Aiven's docs publish it (attach a VPC to an AWS Transit Gateway). */
export const AIVEN_DOCUMENTED_AWS_ACCOUNT_ID = '675999398324';

const slackUserId = /^[UW][A-Z0-9]{2,}$/;

const csv = (what: string, pattern: RegExp, example: string) =>
  z
    .string()
    .optional()
    .transform((raw) =>
      (raw ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((items) => items.every((item) => pattern.test(item)), {
      message: `must be a comma-separated list of ${what}, e.g. ${example}`,
    });

const SIGNING_SECRET = /^[0-9a-f]{32}$/i;

/** What kind of Slack credential a value looks like, by its prefix only; never the value itself. */
export function tokenKind(value: string): string {
  if (/^(xoxe\.)?xoxb-\S/.test(value)) return 'bot token';
  if (/^xapp-\S/.test(value)) return 'app-level token';
  if (/^(xoxe\.)?xoxp-/.test(value)) return 'user token';
  if (/^xoxe-/.test(value)) return 'refresh token';
  if (SIGNING_SECRET.test(value)) return 'signing secret (32 hex characters)';
  return `unrecognised value (${value.length} characters)`;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * An https URL; plain http only to loopback (tests, the sandbox, the playground), because these
 * URLs receive the bot token or the Aiven admin token.
 */
function secureUrl(example: string) {
  return z.url({ message: `must be ${example}` }).refine(
    (v) => {
      const url = new URL(v);
      return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
    },
    {
      message: `must be ${example}; http:// is accepted only for localhost or 127.0.0.1 (tokens would travel in clear text)`,
    },
  );
}

const flag = (name: string) =>
  z
    .enum(['true', 'false', ''], { message: `must be true or false, e.g. ${name}=true` })
    .optional()
    .transform((v) => v === 'true');

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** A Slack credential of one kind; the error names the kind found, never the value. */
function credential(kind: string, message: string) {
  return optionalText.superRefine((v, ctx) => {
    if (v === undefined || tokenKind(v) === kind) return;
    ctx.addIssue({ code: 'custom', message: `${message} (found: ${describeKind(tokenKind(v))})` });
  });
}

const describeKind = (kind: string) => (/^(app|unrecognised)/.test(kind) ? `an ${kind}` : `a ${kind}`);

export const settingsSchema = z.object({
  PORT: z.coerce
    .number({ message: 'must be a TCP port number, e.g. 3000' })
    .int('must be a whole number, e.g. 3000')
    .min(1, 'must be between 1 and 65535, e.g. 3000')
    .max(65535, 'must be between 1 and 65535, e.g. 3000')
    .default(3000),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  SLACK_SIGNING_SECRET: credential(
    'signing secret (32 hex characters)',
    "must be the app's Signing Secret (Basic Information > App Credentials): 32 hex characters, " +
      'e.g. 8f742231b10e8888abcd99f1a2b3c4d5, not a token',
  ),
  SLACK_BOT_TOKEN: credential(
    'bot token',
    'must be a bot token starting with xoxb- (or a rotating xoxe.xoxb-...) from OAuth & Permissions > Bot User OAuth Token',
  ),
  SLACK_APP_TOKEN: credential(
    'app-level token',
    'must be an app-level token starting with xapp- with the connections:write scope',
  ),
  SLACK_API_URL: secureUrl('an https URL ending in /api/, e.g. https://slack.com/api/').default(
    'https://slack.com/api/',
  ),
  AIVEN_API_TOKEN: optionalText,
  AIVEN_ORGANIZATION_ID: optionalText.refine((v) => v === undefined || /^org[0-9a-z]{6,}$/.test(v), {
    message: 'must be an Aiven organization id such as org4f9a1b2c3d4 (Aiven Console > Admin > Organization)',
  }),
  // `npm start` with a real Slack app runs against the embedded Aiven sandbox only when asked to.
  AIVEN_SANDBOX: flag('AIVEN_SANDBOX'),
  AIVEN_API_URL: secureUrl('an https URL, e.g. https://api.aiven.io/v1').default('https://api.aiven.io/v1'),
  AIVEN_TIMEOUT_MS: z.coerce
    .number({ message: 'must be milliseconds between 500 and 60000, e.g. 10000' })
    .int('must be whole milliseconds, e.g. 10000')
    .min(500, 'must be milliseconds between 500 and 60000, e.g. 10000')
    .max(60_000, 'must be milliseconds between 500 and 60000, e.g. 10000')
    .default(10_000),
  SECRETS_ID: optionalText,
  DATABASE_PATH: z
    .string()
    .min(1, 'must be a file path, e.g. ./data/vpc-peer.db')
    .default('./data/vpc-peer.db'),
  DYNAMODB_TABLE: optionalText.refine((v) => v === undefined || /^[A-Za-z0-9_.-]{3,255}$/.test(v), {
    message: 'must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -), e.g. vpc-peer-prod',
  }),
  JOBS_QUEUE_URL: optionalText.refine((v) => v === undefined || /^https?:\/\/\S+$/.test(v), {
    message: 'must be an SQS queue URL, e.g. https://sqs.eu-west-1.amazonaws.com/123456789012/vpc-peer-jobs',
  }),
  MAX_JOB_ATTEMPTS: z.coerce
    .number({ message: 'must be a whole number of attempts between 1 and 10, e.g. 3' })
    .int('must be a whole number of attempts between 1 and 10, e.g. 3')
    .min(1, 'must be a whole number of attempts between 1 and 10, e.g. 3')
    .max(10, 'must be a whole number of attempts between 1 and 10, e.g. 3')
    .default(3),
  REQUESTERS: csv('Slack user ids', slackUserId, 'U0123ABCD,U0456EFGH'),
  // Progress in threads and status notifications (reconcile loop, fast watch, reminders).
  NOTIFY_CHANNEL: optionalText.refine((v) => v === undefined || /^[CG][A-Z0-9]{2,}$/.test(v), {
    message:
      'must be a Slack channel id (not a name), e.g. C0123ABCD: in Slack, channel details > About > Channel ID',
  }),
  POLL_INTERVAL_SECONDS: z.coerce
    .number({ message: 'must be whole seconds between 10 and 3600, e.g. 60' })
    .int('must be whole seconds between 10 and 3600, e.g. 60')
    .min(10, 'must be whole seconds between 10 and 3600, e.g. 60')
    .max(3600, 'must be whole seconds between 10 and 3600, e.g. 60')
    .default(60),
  // Accept in AWS (src/peering/accept): the role assumed in each team's account and what it does there.
  ACCEPTER_ROLE_NAME: optionalText.refine((v) => v === undefined || /^[\w+=,.@-]{1,64}$/.test(v), {
    message: 'must be an IAM role name (1-64 of A-Z a-z 0-9 + = , . @ _ -), e.g. vpc-peer-accepter',
  }),
  ACCEPTER_EXTERNAL_ID: optionalText.refine((v) => v === undefined || /^[\w+=,.@:/-]{2,1224}$/.test(v), {
    message: 'must be 2-1224 of A-Z a-z 0-9 + = , . @ : / _ -, e.g. vpc-peer-4f9a1b2c',
  }),
  ACCEPTER_ROLES: csv(
    'account=role ARN pairs for the same account',
    /^(\d{12})=arn:aws[a-z-]*:iam::\1:role\/[\w+=,.@/-]{1,512}$/,
    '123456789012=arn:aws:iam::123456789012:role/vpc-peer-accepter',
  ),
  AUTO_ACCEPT: flag('AUTO_ACCEPT'),
  ROUTE_TABLES: csv(
    'vpc=rtb (or tgw=rtb) entries (several tables joined with +)',
    /^(?:vpc|tgw)-(?:[0-9a-f]{8}|[0-9a-f]{17})=rtb-(?:[0-9a-f]{8}|[0-9a-f]{17})(?:\+rtb-(?:[0-9a-f]{8}|[0-9a-f]{17}))*$/,
    'vpc-0a1b2c3d=rtb-11111111+rtb-22222222',
  ),
  ALLOW_REMOTE_DNS: flag('ALLOW_REMOTE_DNS'),
  // Transit Gateway attachments: the account the Transit Gateway is shared with through RAM. Aiven's
  // docs publish 675999398324; the worker logs the value it uses at start (docs/transit-gateway-aws.md).
  AIVEN_AWS_ACCOUNT_ID: z
    .string()
    .regex(/^\d{12}$/, { message: "must be Aiven's 12-digit AWS account id, e.g. 675999398324" })
    .default(AIVEN_DOCUMENTED_AWS_ACCOUNT_ID),
  // Delete with approval: who may approve, how long a request waits, where changes may be asked for.
  APPROVERS: csv(
    'Slack user ids (U..., W...) and user group ids (S...)',
    /^[UWS][A-Z0-9]{2,}$/,
    'U0123ABCD,S0456EFGH',
  ),
  APPROVAL_TTL_MINUTES: z.coerce
    .number({ message: 'must be whole minutes between 1 and 10080 (7 days), e.g. 60' })
    .int('must be whole minutes between 1 and 10080 (7 days), e.g. 60')
    .min(1, 'must be whole minutes between 1 and 10080 (7 days), e.g. 60')
    .max(10_080, 'must be whole minutes between 1 and 10080 (7 days), e.g. 60')
    .default(60),
  APPROVALS_REQUIRED: z.coerce
    .number({ message: 'must be a whole number of distinct approvers from 1 to 5, e.g. 2' })
    .int('must be a whole number of distinct approvers from 1 to 5, e.g. 2')
    .min(1, 'must be a whole number of distinct approvers from 1 to 5, e.g. 2')
    .max(5, 'must be a whole number of distinct approvers from 1 to 5, e.g. 2')
    .default(1),
  ALLOWED_CHANNELS: csv('Slack channel ids', /^[CG][A-Z0-9]{2,}$/, 'C0123ABCD,G0456EFGH'),
  // Guardrails (src/policy): teams owning AWS accounts, approvals, freezes. Read at start by the loader.
  POLICY_FILE: optionalText,
  // Playground: the local Slack page `npm start` serves when no Slack app is configured.
  PLAYGROUND_PORT: z.coerce
    .number({ message: 'must be a TCP port number, e.g. 3001' })
    .int('must be a whole number, e.g. 3001')
    .min(1, 'must be between 1 and 65535, e.g. 3001')
    .max(65535, 'must be between 1 and 65535, e.g. 3001')
    .default(3001),
});

export type Settings = z.output<typeof settingsSchema>;

/** Names of the settings a Secrets Manager secret may hold. */
export const SECRET_SETTING_NAMES = [
  'SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'AIVEN_API_TOKEN',
  'AIVEN_ORGANIZATION_ID',
] as const;

export type AivenConfig =
  | { mode: 'api'; token: string; organizationId: string; apiUrl: string; timeoutMs: number }
  /** No AIVEN_API_TOKEN: `npm start` runs the embedded sandbox (never on Lambda). */
  | { mode: 'sandbox' };

export type SlackConfig =
  | { mode: 'app'; signingSecret: string; botToken: string; appToken?: string; apiUrl: string }
  /** No Slack credentials: `npm start` serves the local stand-in so the bot can be tried without an app. */
  | { mode: 'local' };

export interface Config {
  port: number;
  logLevel: Settings['LOG_LEVEL'];
  slack: SlackConfig;
  aiven: AivenConfig;
  store: { kind: 'sqlite'; path: string } | { kind: 'dynamodb'; table: string };
  queue: { kind: 'in-process' } | { kind: 'sqs'; url: string };
  /** Attempts per job before the user is told it failed (SQS: the redrive policy's maxReceiveCount). */
  maxJobAttempts: number;
  /** Slack users who may request peerings; empty means everyone in the workspace. */
  requesters: string[];
  // Progress in threads and status notifications.
  /** Channel id where peerings made outside vpc-peer are announced; undefined: tracked silently. */
  notifyChannelId: string | undefined;
  /** `npm start`: seconds between reconcile runs (on Lambda the schedule decides). */
  pollIntervalSeconds: number;
  /** Delete with approval: user and user group ids who may approve; empty means nobody can. */
  approvers: string[];
  approvalTtlMinutes: number;
  /** Distinct approvers a deletion needs, the requester never counting (APPROVALS_REQUIRED). */
  approvalsRequired: number;
  /** Channels where changes may be requested; empty means any channel. */
  allowedChannels: string[];
  // Playground
  /** `npm start` without a Slack app: port of the playground page (loopback only). */
  playgroundPort: number;
  /** Accept in AWS: roles to assume, and what the bot does with them. */
  accept: AcceptConfig;
  /** AIVEN_AWS_ACCOUNT_ID: Aiven's AWS account, with which Transit Gateways are shared (RAM). */
  aivenAwsAccountId: string;
  /** POLICY_FILE's path; the file is read by the config loader (src/policy/load.ts), not here. */
  policyFile?: string;
  /** The parsed policy file, once loaded; absent: the simple settings alone, as before. */
  policy?: PolicyFile;
}

export interface AcceptConfig {
  roleName?: string;
  externalId?: string;
  /** Account id -> its team's ExternalId (POLICY_FILE accepter_external_id), overriding externalId. */
  externalIds?: Record<string, string>;
  /** Account id -> role ARN (ACCEPTER_ROLES), overriding roleName. */
  roles: Record<string, string>;
  autoAccept: boolean;
  /** VPC id -> the route tables to update (ROUTE_TABLES); absent: all of the VPC's. */
  routeTables: Record<string, string[]>;
  allowRemoteDns: boolean;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export type Env = Record<string, string | undefined>;

/** Where the process runs: on Lambda nothing may fall back to a sandbox or a local file. */
export type Runtime = 'lambda' | 'local';

export function parseConfig(env: Env, runtime: Runtime): Config {
  // jitless: settings are parsed once per process, and zod's compiled fast path costs more to build
  // (several ms on a cold start) than it saves on one parse.
  const parsed = settingsSchema.safeParse(env, { jitless: true });
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`),
    );
  }
  const s = parsed.data;
  const problems: string[] = [];
  const need = (name: keyof Settings, why: string) => {
    if (s[name] === undefined) problems.push(`${name}: is required ${why}`);
  };

  if (runtime === 'lambda') {
    need('SLACK_SIGNING_SECRET', 'on AWS Lambda (set it in the SECRETS_ID secret)');
    need('SLACK_BOT_TOKEN', 'on AWS Lambda (set it in the SECRETS_ID secret)');
    need('AIVEN_API_TOKEN', 'on AWS Lambda: the embedded sandbox only runs locally');
    need('DYNAMODB_TABLE', 'on AWS Lambda (serverless.yml sets it)');
    need('JOBS_QUEUE_URL', 'on AWS Lambda (serverless.yml sets it)');
  }
  if (s.SLACK_BOT_TOKEN !== undefined || s.SLACK_SIGNING_SECRET !== undefined) {
    need('SLACK_BOT_TOKEN', 'when SLACK_SIGNING_SECRET is set (both come from the same Slack app)');
    need('SLACK_SIGNING_SECRET', 'when SLACK_BOT_TOKEN is set (both come from the same Slack app)');
  }
  if (s.AIVEN_API_TOKEN !== undefined) {
    need('AIVEN_ORGANIZATION_ID', 'when AIVEN_API_TOKEN is set');
    if (s.AIVEN_SANDBOX) problems.push('AIVEN_SANDBOX: must not be true when AIVEN_API_TOKEN is set');
  }
  // A real Slack workspace never silently gets made-up peerings from the sandbox.
  const realSlack = s.SLACK_BOT_TOKEN !== undefined || s.SLACK_SIGNING_SECRET !== undefined;
  if (runtime === 'local' && realSlack && s.AIVEN_API_TOKEN === undefined && !s.AIVEN_SANDBOX) {
    const why =
      'when Slack settings are set (a real Slack app talks to the real Aiven API; ' +
      'AIVEN_SANDBOX=true runs the embedded sandbox instead, on purpose)';
    need('AIVEN_API_TOKEN', why);
    need('AIVEN_ORGANIZATION_ID', why);
  }
  // A quorum nobody can reach would let every deletion request expire: say so at start instead.
  const approverUsers = new Set(s.APPROVERS.filter((id) => !id.startsWith('S')));
  if (
    s.APPROVERS.length > 0 &&
    approverUsers.size === s.APPROVERS.length &&
    approverUsers.size < s.APPROVALS_REQUIRED
  )
    problems.push(
      `APPROVALS_REQUIRED: ${s.APPROVALS_REQUIRED} distinct approvers are needed but APPROVERS names only ` +
        `${approverUsers.size}; name more users or a user group (S...), or lower APPROVALS_REQUIRED`,
    );
  if (problems.length > 0) throw new ConfigError(problems);

  const slack: SlackConfig =
    s.SLACK_BOT_TOKEN && s.SLACK_SIGNING_SECRET
      ? {
          mode: 'app',
          signingSecret: s.SLACK_SIGNING_SECRET,
          botToken: s.SLACK_BOT_TOKEN,
          apiUrl: s.SLACK_API_URL,
          ...(s.SLACK_APP_TOKEN ? { appToken: s.SLACK_APP_TOKEN } : {}),
        }
      : { mode: 'local' };
  const aiven: AivenConfig =
    s.AIVEN_API_TOKEN && s.AIVEN_ORGANIZATION_ID
      ? {
          mode: 'api',
          token: s.AIVEN_API_TOKEN,
          organizationId: s.AIVEN_ORGANIZATION_ID,
          apiUrl: s.AIVEN_API_URL,
          timeoutMs: s.AIVEN_TIMEOUT_MS,
        }
      : { mode: 'sandbox' };

  return {
    port: s.PORT,
    logLevel: s.LOG_LEVEL,
    slack,
    aiven,
    store: s.DYNAMODB_TABLE
      ? { kind: 'dynamodb', table: s.DYNAMODB_TABLE }
      : { kind: 'sqlite', path: s.DATABASE_PATH },
    queue: s.JOBS_QUEUE_URL ? { kind: 'sqs', url: s.JOBS_QUEUE_URL } : { kind: 'in-process' },
    maxJobAttempts: s.MAX_JOB_ATTEMPTS,
    requesters: s.REQUESTERS,
    notifyChannelId: s.NOTIFY_CHANNEL,
    pollIntervalSeconds: s.POLL_INTERVAL_SECONDS,
    accept: {
      ...(s.ACCEPTER_ROLE_NAME ? { roleName: s.ACCEPTER_ROLE_NAME } : {}),
      ...(s.ACCEPTER_EXTERNAL_ID ? { externalId: s.ACCEPTER_EXTERNAL_ID } : {}),
      roles: Object.fromEntries(s.ACCEPTER_ROLES.map((pair) => pair.split('=') as [string, string])),
      autoAccept: s.AUTO_ACCEPT,
      routeTables: Object.fromEntries(
        s.ROUTE_TABLES.map((entry) => {
          const [vpc, tables] = entry.split('=') as [string, string];
          return [vpc, tables.split('+')];
        }),
      ),
      allowRemoteDns: s.ALLOW_REMOTE_DNS,
    },
    aivenAwsAccountId: s.AIVEN_AWS_ACCOUNT_ID,
    approvers: s.APPROVERS,
    approvalTtlMinutes: s.APPROVAL_TTL_MINUTES,
    approvalsRequired: s.APPROVALS_REQUIRED,
    allowedChannels: s.ALLOWED_CHANNELS,
    playgroundPort: s.PLAYGROUND_PORT,
    ...(s.POLICY_FILE ? { policyFile: s.POLICY_FILE } : {}),
  };
}

/** Which kind of value each Slack credential holds, for the start-up log: never the values. */
export function credentialKinds(config: Config): Record<string, string> {
  if (config.slack.mode !== 'app') return { slack: 'local stand-in' };
  return {
    SLACK_SIGNING_SECRET: tokenKind(config.slack.signingSecret),
    SLACK_BOT_TOKEN: tokenKind(config.slack.botToken),
    ...(config.slack.appToken ? { SLACK_APP_TOKEN: tokenKind(config.slack.appToken) } : {}),
  };
}

/** The secret values of a config, for the logger to scrub. */
export function secretValues(config: Config): string[] {
  const values: string[] = [];
  if (config.slack.mode === 'app') {
    values.push(config.slack.signingSecret, config.slack.botToken);
    if (config.slack.appToken) values.push(config.slack.appToken);
  }
  if (config.aiven.mode === 'api') values.push(config.aiven.token);
  // Not a secret to AWS, but it is what stops others from making AWS assume the role for them.
  if (config.accept.externalId) values.push(config.accept.externalId);
  values.push(...Object.values(config.accept.externalIds ?? {}));
  return values;
}
