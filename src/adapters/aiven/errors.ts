export type AivenErrorKind = 'http' | 'timeout' | 'network';

export interface AivenApiErrorFields {
  kind: AivenErrorKind;
  status?: number;
  /** What to tell a person: Aiven's own `message`, or plain words when Aiven never answered. */
  aivenMessage: string;
  method: string;
  /** API path without the base URL; never carries the token. */
  path: string;
  retryable: boolean;
  /** Tries made before giving up (1 when the request was not retried). */
  attempts?: number;
  cause?: unknown;
}

/** A failed call to the Aiven API, in words the bot can show and decide on. */
export class AivenApiError extends Error {
  override readonly name = 'AivenApiError';
  readonly kind: AivenErrorKind;
  readonly status: number | undefined;
  readonly aivenMessage: string;
  readonly method: string;
  readonly path: string;
  readonly retryable: boolean;
  attempts: number;

  constructor(fields: AivenApiErrorFields) {
    const status = fields.status === undefined ? '' : ` ${fields.status}`;
    super(`Aiven ${fields.method} ${fields.path} failed${status}: ${fields.aivenMessage}`, {
      cause: fields.cause,
    });
    this.kind = fields.kind;
    this.status = fields.status;
    this.aivenMessage = fields.aivenMessage;
    this.method = fields.method;
    this.path = fields.path;
    this.retryable = fields.retryable;
    this.attempts = fields.attempts ?? 1;
  }
}

/** 429, 408 and 5xx are Aiven saying "not now"; Aiven's own Go client retries the same set. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/**
 * Whether trying the same call again later may succeed. Callers use it for their own retries (e.g. a
 * create that the client never retries: look for the peering first, then try again).
 */
export function isRetryableAivenError(err: unknown): boolean {
  return err instanceof AivenApiError && err.retryable;
}

/** The body did not have the shape the spec promises; `detail` names the field. */
export class UnexpectedBodyError extends Error {
  override readonly name = 'UnexpectedBodyError';
}
