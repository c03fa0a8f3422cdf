// Cold start: an adapter the first request may not need (the DynamoDB store and SQS queue on the
// HTTP function: a 401 or `/vpc-peer help` uses neither) is loaded and built on its first call, not
// at start-up. In the ES module bundle its code is a separate chunk that is not even read until then.
import { once } from '../once';

/** An object whose methods all return promises, such as PeeringStore or JobQueue. */
type AsyncPort<T> = { [K in keyof T]?: (...args: never[]) => Promise<unknown> };

/**
 * A stand-in for a port that loads and builds the real one on the first call of any method, once
 * (a failed load is retried on the next call). New methods of the port need no change here.
 */
export function lazyPort<T extends AsyncPort<T>>(load: () => Promise<T>): T {
  const port = once(load);
  return new Proxy({} as T, {
    get(_target, name) {
      // Not a thenable: `await lazyPort(...)` must not call the loader with resolve/reject.
      if (name === 'then') return undefined;
      return async (...args: unknown[]) => {
        const real = await port();
        const method = (real as Record<PropertyKey, unknown>)[name];
        if (typeof method !== 'function') throw new TypeError(`${String(name)} is not a method of this port`);
        return method.apply(real, args);
      };
    },
  });
}
