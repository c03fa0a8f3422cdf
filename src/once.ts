/**
 * Runs `build` on the first call only and shares its promise; a failed build (e.g. Secrets Manager
 * unreachable, a module that did not load) is retried on the next call.
 */
export function once<T>(build: () => Promise<T>): () => Promise<T> {
  let built: Promise<T> | undefined;
  return () => {
    if (!built) {
      const started = build();
      built = started;
      started.catch(() => {
        if (built === started) built = undefined;
      });
    }
    return built;
  };
}
