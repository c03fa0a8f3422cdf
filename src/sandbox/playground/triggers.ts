// trigger_ids as Slack hands them out: one per user action, valid for 3 seconds, usable once.
import { randomBytes } from 'node:crypto';

export const TRIGGER_TTL_MS = 3000;

export type TriggerCheck =
  | { ok: true; userId: string }
  | { ok: false; error: 'invalid_trigger_id' | 'expired_trigger_id' | 'exchanged_trigger_id' };

export function makeTriggers(options: { now?: () => number; acceptForeign: boolean }) {
  const now = options.now ?? Date.now;
  const issued = new Map<string, { userId: string; expiresAt: number; used: boolean }>();

  return {
    issue(userId: string): string {
      const id = `${Math.floor(now() / 1000)}.${randomBytes(6).readUIntBE(0, 6)}.${randomBytes(16).toString('hex')}`;
      issued.set(id, { userId, expiresAt: now() + TRIGGER_TTL_MS, used: false });
      return id;
    },
    /** Spends a trigger_id (views.open, views.push). */
    exchange(triggerId: unknown): TriggerCheck {
      if (typeof triggerId !== 'string' || triggerId === '')
        return { ok: false, error: 'invalid_trigger_id' };
      const entry = issued.get(triggerId);
      if (!entry) {
        // Tests build their own payloads with made-up trigger ids (the stand-in did not issue them).
        if (!options.acceptForeign) return { ok: false, error: 'invalid_trigger_id' };
        return { ok: true, userId: 'U0ALICE' };
      }
      if (entry.used) return { ok: false, error: 'exchanged_trigger_id' };
      if (now() > entry.expiresAt) return { ok: false, error: 'expired_trigger_id' };
      entry.used = true;
      return { ok: true, userId: entry.userId };
    },
  };
}

export type Triggers = ReturnType<typeof makeTriggers>;
