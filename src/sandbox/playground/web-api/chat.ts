// chat.*: post, update, delete and ephemeral messages, and permalinks.
import type { StoredMessage } from '../protocol';
import { BOT } from '../workspace';
import {
  checkContent,
  content,
  fail,
  flag,
  str,
  type WebApiAnswer,
  type WebApiArgs,
  type WebApiDeps,
  type WebApiMethods,
  wire,
} from './shapes';

export function chatMethods(deps: WebApiDeps): WebApiMethods {
  const { workspace } = deps;

  /** A new message from the bot (a thread reply with thread_ts), or Slack's refusal. */
  function post(
    args: WebApiArgs,
    extra: Pick<StoredMessage, 'reply_broadcast' | 'ephemeralFor'>,
  ): { message: StoredMessage } | { refusal: WebApiAnswer } {
    const channel = workspace.resolveChannel(String(args.channel ?? ''));
    if (!channel) return { refusal: fail('channel_not_found') };
    const problem = checkContent(args);
    if (problem) return { refusal: problem };
    const threadTs = str(args.thread_ts);
    const message = workspace.postAsBot({
      channel: channel.id,
      ...content(args),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...(threadTs && extra.reply_broadcast ? { reply_broadcast: true } : {}),
      ...(extra.ephemeralFor ? { ephemeralFor: extra.ephemeralFor } : {}),
    });
    return { message };
  }

  return {
    'chat.postMessage': (args) => {
      const posted = post(args, { reply_broadcast: flag(args.reply_broadcast) });
      if ('refusal' in posted) return posted.refusal;
      const { message } = posted;
      return { ok: true, channel: message.channel, ts: message.ts, message: wire(message, true) };
    },
    'chat.update': (args) => {
      const channel = workspace.resolveChannel(String(args.channel ?? ''));
      const ts = str(args.ts);
      if (!channel) return fail('channel_not_found');
      const problem = checkContent(args);
      if (problem) return problem;
      const existing = ts ? workspace.find(channel.id, ts) : undefined;
      if (!existing)
        return deps.strict
          ? fail('message_not_found')
          : { ok: true, channel: channel.id, ts, text: args.text };
      if (existing.user !== BOT.userId) return fail('cant_update_message');
      const updated = workspace.update(channel.id, existing.ts, content(args), BOT.userId) as StoredMessage;
      return {
        ok: true,
        channel: channel.id,
        ts: updated.ts,
        text: updated.text,
        message: wire(updated, true),
      };
    },
    'chat.delete': (args) => {
      const channel = workspace.resolveChannel(String(args.channel ?? ''));
      const ts = str(args.ts);
      if (!channel) return fail('channel_not_found');
      const existing = ts ? workspace.find(channel.id, ts) : undefined;
      if (!existing) return deps.strict ? fail('message_not_found') : { ok: true, channel: channel.id, ts };
      if (existing.user !== BOT.userId) return fail('cant_delete_message');
      workspace.remove(channel.id, existing.ts);
      return { ok: true, channel: channel.id, ts: existing.ts };
    },
    'chat.postEphemeral': (args) => {
      const user = workspace.userOf(String(args.user ?? ''));
      if (!user) return fail('user_not_in_channel');
      const posted = post(args, { ephemeralFor: user.id });
      return 'refusal' in posted ? posted.refusal : { ok: true, message_ts: posted.message.ts };
    },
    'chat.getPermalink': (args) => {
      const channel = workspace.resolveChannel(String(args.channel ?? ''));
      const message =
        channel && str(args.message_ts) ? workspace.find(channel.id, String(args.message_ts)) : undefined;
      if (!channel || !message) return fail(channel ? 'message_not_found' : 'channel_not_found');
      const thread = message.thread_ts ?? message.ts;
      const link = new URL(deps.pageUrl());
      link.search = new URLSearchParams({ channel: channel.id, thread }).toString();
      return { ok: true, channel: channel.id, permalink: link.href };
    },
  };
}
