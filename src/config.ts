import * as z from 'zod';

/**
 * Every setting vpc-peer reads, in one schema. Parsed once at start-up; a missing or bad value stops
 * the process with a message naming the variable and what a valid value looks like.
 */
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

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

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
  SLACK_SIGNING_SECRET: optionalText.refine(
    (v) => v === undefined || /^[0-9a-f]{32}$/i.test(v) || v.length >= 16,
    {
      message: "must be the app's Signing Secret (Basic Information > App Credentials), 32 hex characters",
    },
  ),
  SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || /^xoxb-[A-Za-z0-9-]+$/.test(v), {
    message: 'must be a bot token starting with xoxb- (OAuth & Permissions > Bot User OAuth Token)',
  }),
  SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || /^xapp-[A-Za-z0-9-]+$/.test(v), {
    message: 'must be an app-level token starting with xapp- with the connections:write scope',
  }),
  SLACK_API_URL: z
    .url({ message: 'must be an http(s) URL ending in /api/, e.g. https://slack.com/api/' })
    .default('https://slack.com/api/'),
  AIVEN_API_TOKEN: optionalText,
  AIVEN_ORGANIZATION_ID: optionalText.refine((v) => v === undefined || /^org[0-9a-z]{6,}$/.test(v), {
    message: 'must be an Aiven organization id such as org4f9a1b2c3d4 (Aiven Console > Admin > Organization)',
  }),
  AIVEN_API_URL: z
    .url({ message: 'must be an http(s) URL, e.g. https://api.aiven.io/v1' })
    .default('https://api.aiven.io/v1'),
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
  }
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
  return values;
}
