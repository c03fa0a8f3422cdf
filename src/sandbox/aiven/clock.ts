// Sandbox time: manual for tests (moves only on advance), real for the playground.

/** How long each step takes on the sandbox clock. Exported so tests advance by names, not numbers. */
export const SANDBOX_TIMINGS = {
  approvedMs: 5_000,
  pendingPeerMs: 30_000,
  deletingMs: 5_000,
  /** Aiven keeps listing DELETED peerings for a while; afterwards they disappear. */
  deletedVisibleMs: 3_600_000,
} as const;

export interface SandboxClock {
  now(): number;
  advance(ms: number): void;
}

export function makeClock(kind: 'real' | 'manual'): SandboxClock {
  let offset = 0;
  const start = Date.now();
  return {
    now: () => (kind === 'real' ? Date.now() : start) + offset,
    advance: (ms) => {
      offset += ms;
    },
  };
}
