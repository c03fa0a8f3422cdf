// Telling AWS's "no" from "busy" or "unreachable". A module of its own, free of the SDK, so access.ts
// can use it without loading the EC2 and STS clients at start-up.

/** Client-side codes that mean "try again later", not "no": left for the job's retries. */
const RETRYABLE_CODES = new Set([
  'requestlimitexceeded',
  'throttling',
  'throttlingexception',
  'toomanyrequestsexception',
]);

/** AWS said no (as opposed to being busy or unreachable). */
export function isAwsRefusalError(error: unknown): error is Error & { name: string } {
  const e = error as { name?: unknown; $fault?: unknown } | undefined;
  return e?.$fault === 'client' && typeof e.name === 'string' && !RETRYABLE_CODES.has(e.name.toLowerCase());
}
