// response_url: where an app answers a slash command or a button click without the Web API. Slack
// accepts up to five posts within 30 minutes; each either replaces or deletes the original message,
// or adds a message that only the user sees (or, with response_type in_channel, everyone).
import { randomBytes } from 'node:crypto';
import { BOT, type Workspace } from './workspace';

export const RESPONSE_URL_USES = 5;
export const RESPONSE_URL_TTL_MS = 30 * 60_000;

export interface ResponseTarget {
  channel: string;
  userId: string;
  /** The message whose button was clicked (block_actions), for replace_original / delete_original. */
  messageTs?: string;
  threadTs?: string;
}

export type ResponseOutcome = { ok: true } | { ok: false; status: number; error: string };

export function makeResponseUrls(options: { workspace: Workspace; now?: () => number }) {
  const { workspace } = options;
  const now = options.now ?? Date.now;
  const targets = new Map<string, ResponseTarget & { uses: number; expiresAt: number }>();

  return {
    /** A new response_url id for an interaction of `target.userId`. */
    register(target: ResponseTarget): string {
      const id = `T0SANDBOX/${Date.now()}/${randomBytes(12).toString('hex')}`;
      targets.set(id, { ...target, uses: 0, expiresAt: now() + RESPONSE_URL_TTL_MS });
      return id;
    },
    known: (id: string) => targets.has(id),
    /** Carries out one post to a response_url the way Slack shows it. */
    apply(id: string, body: Record<string, unknown>): ResponseOutcome {
      const target = targets.get(id);
      if (!target) return { ok: false, status: 404, error: 'invalid_url' };
      if (now() > target.expiresAt) return { ok: false, status: 404, error: 'expired_url' };
      if (target.uses >= RESPONSE_URL_USES) return { ok: false, status: 404, error: 'used_url' };
      target.uses += 1;
      const text = typeof body.text === 'string' ? body.text : '';
      const blocks = Array.isArray(body.blocks) ? body.blocks : undefined;
      if (body.delete_original === true || body.delete_original === 'true') {
        if (target.messageTs) workspace.remove(target.channel, target.messageTs);
        return { ok: true };
      }
      if ((body.replace_original === true || body.replace_original === 'true') && target.messageTs) {
        workspace.update(
          target.channel,
          target.messageTs,
          { text, ...(blocks ? { blocks } : { blocks: [] }) },
          BOT.userId,
        );
        return { ok: true };
      }
      const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : target.threadTs;
      workspace.postAsBot({
        channel: target.channel,
        text,
        ...(blocks ? { blocks } : {}),
        ...(threadTs ? { thread_ts: threadTs } : {}),
        ...(body.response_type === 'in_channel' ? {} : { ephemeralFor: target.userId }),
      });
      return { ok: true };
    },
  };
}

export type ResponseUrls = ReturnType<typeof makeResponseUrls>;
