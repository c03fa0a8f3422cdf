// Change freezes (policy file `freezes`): while one is in force, changes are refused with its reason
// and end time. Members of its `override` list may act, giving a reason in the form (create, delete);
// a button click carries no reason, so clicks are refused for everyone until the freeze ends.
import type { Guardrails } from './guardrails';
import type { Freeze } from './schema';

/** "2027-01-04 00:00 UTC". */
function utc(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "Year-end change freeze until 2027-01-04 00:00 UTC". */
export function describeFreeze(freeze: Freeze): string {
  return `${freeze.reason} until ${utc(freeze.to)}`;
}

/** The freezes in force, described in one line; undefined when none (or no policy file). */
export function freezeInForce(guardrails: Guardrails | undefined, now: Date): string | undefined {
  const freezes = guardrails?.freezesAt(now) ?? [];
  return freezes.length > 0 ? freezes.map(describeFreeze).join('; ') : undefined;
}

export type FreezeVerdict =
  | { kind: 'clear' }
  /** Not an override member. Plain text (for a modal's field or a private reply). */
  | { kind: 'refused'; message: string }
  /** An override member who gave no reason (a click, or an empty field). */
  | { kind: 'needs-reason'; message: string }
  | { kind: 'override'; freeze: string; reason: string };

/**
 * Whether `userId` may change something now. `overrideReason` is what the form's "Freeze override
 * reason" held; undefined for a button click, which cannot carry one.
 */
export async function checkFreeze(
  guardrails: Guardrails | undefined,
  input: { now: Date; userId: string; what: string; overrideReason?: string | undefined },
): Promise<FreezeVerdict> {
  const freezes = guardrails?.freezesAt(input.now) ?? [];
  if (!guardrails || freezes.length === 0) return { kind: 'clear' };
  const freeze = freezes.map(describeFreeze).join('; ');
  const members = await Promise.all(freezes.map((f) => guardrails.isMember(input.userId, f.override)));
  const refused = `${freeze}: ${input.what} is refused during the freeze.`;
  if (!members.every(Boolean)) return { kind: 'refused', message: refused };
  const reason = input.overrideReason?.trim();
  if (!reason)
    return {
      kind: 'needs-reason',
      message: `${refused} You may override it: give a freeze override reason.`,
    };
  return { kind: 'override', freeze, reason };
}

/**
 * What an action without a reason field (a click, `/vpc-peer cidrs`) is told during a freeze, in plain
 * text; undefined when none is in force. Override members too: only the forms take a reason.
 */
export function freezeRefusalWithoutReason(verdict: FreezeVerdict): string | undefined {
  if (verdict.kind === 'refused') return verdict.message;
  if (verdict.kind === 'needs-reason')
    return `${verdict.message.replace(/ You may override it.*$/, '')} You may override the freeze, but only in the create and deletion forms, which take a reason: this waits until the freeze ends.`;
  return undefined;
}

/** The same, for a private reply (mrkdwn). */
export function freezeClickRefusal(verdict: FreezeVerdict): string | undefined {
  const message = freezeRefusalWithoutReason(verdict);
  return message && `:snowflake: ${message}`;
}
