// Shared by the DynamoDB store modules: reading a cancelled transaction, and storing plain JSON.

/** Per transaction item, why a cancelled transaction was cancelled (undefined: not a cancellation). */
export function cancellationCodes(error: unknown): (string | undefined)[] | undefined {
  if ((error as { name?: unknown }).name !== 'TransactionCanceledException') return undefined;
  return ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map(
    (r) => r.Code,
  );
}

/** Removes undefined fields the way JSON storage does, so both stores return the same records. */
export const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
