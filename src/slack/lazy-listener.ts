// Cold start: the Lambda HTTP function starts for whichever request comes first, and most requests
// need one listener. A lazy listener loads its handler module (and the Block Kit builders it imports)
// on its first request; in the ES module bundle that module is a chunk of its own, not read before.
import { once } from '../once';

/**
 * A Bolt listener that imports and builds the real one on its first call, once. A failed import is
 * retried on the next call.
 */
export function lazyListener<Args>(
  load: () => Promise<(args: Args) => Promise<void>>,
): (args: Args) => Promise<void> {
  const listener = once(load);
  return async (args) => (await listener())(args);
}
