// "Share a file at most once": Slack's current upload in three steps (files.getUploadURLExternal, a
// POST of the bytes to the URL it returns, files.completeUploadExternal with the channel, thread and
// comment), claimed with a conditional write first, like every message (delivery.ts).
//
// What Slack keeps, and so what a repeat does:
// - Only completeUploadExternal shares the file: an upload URL or bytes without it stay a private,
//   unshared upload nobody sees (Slack discards it). A run that dies before completing is simply
//   replaced by a new upload once the claim's grace has passed.
// - The file id is recorded before completing. A completion whose answer was lost (timeout, crash)
//   is in doubt: a later run looks in the thread for a message carrying that file id and records it.
//   It never completes the same file again (Slack documents no answer for that) nor uploads anew
//   while the grace lasts; past it, not found means not shared, and it uploads again (as delivery.ts
//   posts again): a missing file is preferred to a doubled one.
// - A definite refusal (an ok:false answer such as missing_scope or not_in_channel, or the upload URL
//   answering other than 200) is recorded as `fellBack` for good: the caller sends the content as
//   messages instead, and no later run uploads it, so people never get both.
import { ErrorCode, type WebClient } from '@slack/web-api';
import type { Logger } from '../logger';
import type { Clock } from '../peering/ports';
import { POST_GRACE_MS, retryAfterSecondsOf } from './delivery';
import type { MessageIntent, MessageIntentStore } from './message-intents';

export interface FileTarget {
  channelId: string;
  /** The thread the file is shared in (its root's ts). */
  threadTs: string;
}

export interface FileToShare {
  /** The file's name, e.g. `prod_eu.tf`. */
  name: string;
  content: string;
  /** The message introducing the file (mrkdwn, as a message's text). */
  comment: string;
}

export type ShareOutcome =
  /** Shared, now or by an earlier run; `ts` of the share when Slack said it. */
  | { kind: 'shared'; fileId: string; ts?: string; now: boolean }
  /** Slack refused (its error code, now or earlier): send the content another way. */
  | { kind: 'refused'; error: string }
  /** Another run is sharing it right now. */
  | { kind: 'pending' };

export interface FileDelivery {
  shareOnce(key: string, target: FileTarget, file: FileToShare): Promise<ShareOutcome>;
}

/** How long the POST of the bytes may take. */
const UPLOAD_TIMEOUT_MS = 10_000;
const LOOKUP_PAGES = 5;
const LOOKUP_SLACK_MS = 60_000;

/** An ok:false answer from Slack: nothing was shared by that call. */
function platformErrorOf(error: unknown): string | undefined {
  const { code, data } = (error ?? {}) as { code?: unknown; data?: { error?: unknown } };
  return code === ErrorCode.PlatformError && typeof data?.error === 'string' ? data.error : undefined;
}

class UploadRefused extends Error {
  constructor(readonly status: number) {
    super(`the upload URL answered HTTP ${status}`);
  }
}

export function makeFileDelivery(deps: {
  client: WebClient;
  store: MessageIntentStore;
  clock: Clock;
  logger: Logger;
}): FileDelivery {
  const { client, store, clock, logger } = deps;
  const nowIso = () => clock.now().toISOString();

  /** The share of `intent.fileId` in the thread, if Slack shows it. */
  async function lookUp(intent: MessageIntent): Promise<string | undefined> {
    const oldest = ((Date.parse(intent.startedAt) - LOOKUP_SLACK_MS) / 1000).toFixed(6);
    let cursor: string | undefined;
    for (let page = 0; page < LOOKUP_PAGES; page++) {
      const answer = await client.conversations.replies({
        channel: intent.channelId,
        ts: intent.threadTs ?? '',
        oldest,
        limit: 200,
        cursor,
      });
      const messages = (answer.messages ?? []) as { ts?: string; files?: { id?: string }[] }[];
      const found = messages.find((m) => m.files?.some((f) => f.id === intent.fileId));
      if (found?.ts) return found.ts;
      cursor = answer.response_metadata?.next_cursor || undefined;
      if (!answer.has_more || !cursor) return undefined;
    }
    throw new Error(`could not look through every reply since ${intent.startedAt} for ${intent.key}`);
  }

  async function refuse(intent: MessageIntent, error: string, log: Logger): Promise<ShareOutcome> {
    // The code only: Slack's answer and the upload URL (a capability) stay out of the log.
    log.warn({ slackError: error }, 'Slack refused the file; its content goes out as messages instead');
    await store.saveMessageIntent({ ...intent, fellBack: error }, intent.attempt);
    return { kind: 'refused', error };
  }

  async function upload(url: string, content: Buffer): Promise<void> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: content,
      redirect: 'error',
      signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
    });
    await response.text();
    if (response.status !== 200) throw new UploadRefused(response.status);
  }

  async function share(intent: MessageIntent, target: FileTarget, file: FileToShare): Promise<ShareOutcome> {
    const log = logger.child({ messageKey: intent.key, attempt: intent.attempt, fileName: file.name });
    const bytes = Buffer.from(file.content, 'utf8');
    let fileId: string;
    try {
      const answer = await client.files.getUploadURLExternal({ filename: file.name, length: bytes.length });
      if (!answer.upload_url || !answer.file_id) throw new Error('Slack gave no upload URL');
      fileId = answer.file_id;
      // Recorded before anything can be shared: a later run knows which file to look for.
      if (!(await store.saveMessageIntent({ ...intent, fileId }, intent.attempt))) {
        throw new Error(`another run took over sharing ${intent.key}`);
      }
      await upload(answer.upload_url, bytes);
    } catch (error) {
      const refused =
        platformErrorOf(error) ??
        (error instanceof UploadRefused ? `upload_http_${error.status}` : undefined);
      if (refused) return refuse(intent, refused, log);
      // Nothing is shared before the completion: the next attempt may start over.
      await store.releaseMessageIntent(intent.key, intent.attempt);
      throw error;
    }
    const recorded: MessageIntent = { ...intent, fileId };
    let ts: string | undefined;
    try {
      const answer = await client.files.completeUploadExternal({
        files: [{ id: fileId, title: file.name }],
        channel_id: target.channelId,
        thread_ts: target.threadTs,
        initial_comment: file.comment,
      });
      // Slack shares asynchronously: its answer names the share's ts only sometimes.
      const shares = answer.files?.[0]?.shares as
        | Record<string, Record<string, { ts?: string }[]>>
        | undefined;
      ts = Object.values(shares ?? {})
        .flatMap((byChannel) => byChannel[target.channelId] ?? [])
        .find((share) => share.ts)?.ts;
    } catch (error) {
      const refused = platformErrorOf(error);
      if (refused) return refuse(recorded, refused, log);
      if (retryAfterSecondsOf(error) !== undefined) {
        await store.releaseMessageIntent(intent.key, intent.attempt);
      } else {
        // Timeout or network: it may have been shared. The next attempt looks for the file id first.
        log.warn({ err: error }, 'Slack file share outcome unknown; a retry will look for it first');
        await store
          .saveMessageIntent({ ...recorded, inDoubtSince: nowIso() }, intent.attempt)
          .catch((saveError: unknown) => log.error({ err: saveError }, 'could not mark the share in doubt'));
      }
      throw error;
    }
    try {
      await store.saveMessageIntent({ ...recorded, shared: true, ...(ts ? { ts } : {}) }, intent.attempt);
    } catch (error) {
      log.error({ err: error }, 'shared the file but could not record it; a later run finds it by its id');
    }
    log.info({ fileId }, 'shared the file in the thread');
    return { kind: 'shared', fileId, now: true, ...(ts ? { ts } : {}) };
  }

  function outcomeOf(intent: MessageIntent | undefined): ShareOutcome {
    if (intent?.fellBack) return { kind: 'refused', error: intent.fellBack };
    if (intent?.shared && intent.fileId) {
      return { kind: 'shared', fileId: intent.fileId, now: false, ...(intent.ts ? { ts: intent.ts } : {}) };
    }
    return { kind: 'pending' };
  }

  return {
    async shareOnce(key, target, file) {
      const fresh: MessageIntent = {
        key,
        attempt: 1,
        startedAt: nowIso(),
        channelId: target.channelId,
        threadTs: target.threadTs,
      };
      const current = await store.getMessageIntent(key);
      if (!current) {
        if (await store.saveMessageIntent(fresh, 0)) return share(fresh, target, file);
        return outcomeOf(await store.getMessageIntent(key));
      }
      if (current.fellBack || current.shared) return outcomeOf(current);

      // Unfinished: another run is sharing now, or an earlier one died or ended in doubt.
      const since = current.inDoubtSince ?? current.startedAt;
      const age = clock.now().getTime() - Date.parse(since);
      if (current.inDoubtSince === undefined && age < POST_GRACE_MS) return { kind: 'pending' };
      const found = current.fileId ? await lookUp(current) : undefined;
      if (found && current.fileId) {
        await store.saveMessageIntent({ ...current, shared: true, ts: found }, current.attempt);
        logger.info({ messageKey: key, ts: found }, 'found the file an earlier attempt shared');
        return { kind: 'shared', fileId: current.fileId, ts: found, now: false };
      }
      // Slack processes a completed upload asynchronously: wait out the grace before uploading anew.
      if (age < POST_GRACE_MS) return { kind: 'pending' };
      const next: MessageIntent = { ...fresh, attempt: current.attempt + 1 };
      if (await store.saveMessageIntent(next, current.attempt)) return share(next, target, file);
      return outcomeOf(await store.getMessageIntent(key));
    },
  };
}
