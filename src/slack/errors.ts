// The Slack layer's typed errors, in one place: a post that may have landed, and Slack's rate limit.
// Each has a `name` for the logs.

/**
 * A message (the root, or a reply) may be being posted by another attempt that is still unresolved:
 * try later. Not treated as told, so the caller keeps what it still has to tell.
 */
export class MessageInDoubtError extends Error {
  override readonly name = 'MessageInDoubtError';
  constructor(readonly key: string) {
    super(`the message ${key} may be being posted by another attempt; will look again`);
  }
}

/** Thrown instead of posting while Slack's Retry-After runs: asking sooner only prolongs the limit. */
export class SlackRestingError extends Error {
  override readonly name = 'SlackRestingError';
  constructor(readonly until: Date) {
    super(`Slack asked to wait until ${until.toISOString()} (Retry-After)`);
  }
}
