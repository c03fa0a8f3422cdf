// Small helpers shared by the DynamoDB store's modules.

/** Condition: the item does not exist yet. */
export const ABSENT = 'attribute_not_exists(pk)';

export const errorName = (error: unknown) => (error as { name?: unknown }).name;

/** Removes undefined fields the way JSON storage does, so both stores return the same records. */
export const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Per transaction item, why a cancelled transaction was cancelled (undefined: not a cancellation). */
export function cancellationCodes(error: unknown): (string | undefined)[] | undefined {
  if (errorName(error) !== 'TransactionCanceledException') return undefined;
  return ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map(
    (r) => r.Code,
  );
}
