import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Key names whose values are secrets wherever they appear in a log object. */
const SECRET_KEYS = [
  'authorization',
  'Authorization',
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'aivenApiToken',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'AIVEN_API_TOKEN',
  'x-slack-signature',
  'secretAccessKey',
  'sessionToken',
  'SecretString',
];

// Token shapes that must never reach a log line even inside free text (error messages, URLs).
const SECRET_PATTERNS: RegExp[] = [
  /xox[abposr]-[A-Za-z0-9-]+/g,
  /xapp-[A-Za-z0-9-]+/g,
  /aivenv1 [A-Za-z0-9+/=._-]+/g,
  /(Bearer|bearer) [A-Za-z0-9+/=._-]+/g,
];

export const REDACTED = '[redacted]';

export interface LoggerOptions {
  level?: string;
  /** Exact secret values (tokens, signing secret) to scrub from any string that is logged. */
  secrets?: () => readonly string[];
  destination?: DestinationStream;
}

export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 6) out = out.split(secret).join(REDACTED);
  }
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, REDACTED);
  return out;
}

function scrubValue(value: unknown, secrets: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return scrubText(value, secrets);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return {
      type: value.name,
      message: scrubText(value.message, secrets),
      stack: value.stack ? scrubText(value.stack, secrets) : undefined,
      ...(scrubValue({ ...value }, secrets, depth + 1) as object),
    };
  }
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEYS.includes(key) ? REDACTED : scrubValue(item, secrets, depth + 1);
  }
  return out;
}

/**
 * JSON logs. Secrets are removed twice: by key name (pino redact) and by value (known secrets and
 * token shapes), because error messages from SDKs sometimes quote headers or URLs.
 */
export function makeLogger(options: LoggerOptions = {}): Logger {
  const secrets = options.secrets ?? (() => []);
  return pino(
    {
      level: options.level ?? 'info',
      base: { app: 'vpc-peer' },
      redact: { paths: SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]), censor: REDACTED },
      formatters: {
        log: (object) => scrubValue(object, secrets(), 0) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubText(arg, secrets()) : arg));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
      serializers: { err: (err: unknown) => scrubValue(err, secrets(), 0) },
    },
    options.destination,
  );
}
