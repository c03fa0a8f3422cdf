// chat.*: post, update, delete and ephemeral messages, and permalinks.
import type { StoredMessage } from '../protocol';
import { BOT } from '../workspace';
import { checkContent, content, fail, flag, str, type WebApiDeps, type WebApiMethods, wire } from './shapes';

export function chatMethods(deps: WebApiDeps): WebApiMethods {
  const { workspace } = deps;
  return {
    'chat.postMessage': (args) => {
      const channel = workspace.resolveChannel(String(args.channel ?? ''));
      if (!channel) return fail('channel_not_found');
      const problem = checkContent(args);
      if (problem) return problem;
      const threadTs = str(args.thread_ts);
      const message = workspace.postAsBot({
        channel: channel.id,
        ...content(args),
        ...(threadTs ? { thread_ts: threadTs } : {}),
        ...(threadTs && flag(args.reply_broadcast) ? { reply_broadcast: true } : {}),
      });
      return { ok: true, channel: channel.id, ts: message.ts, message: wire(message, true) };
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
      const channel = workspace.resolveChannel(String(args.channel ?? ''));
      const user = workspace.userOf(String(args.user ?? ''));
      if (!channel) return fail('channel_not_found');
      if (!user) return fail('user_not_in_channel');
      const problem = checkContent(args);
      if (problem) return problem;
      const threadTs = str(args.thread_ts);
      const message = workspace.postAsBot({
        channel: channel.id,
        ...content(args),
        ...(threadTs ? { thread_ts: threadTs } : {}),
        ephemeralFor: user.id,
      });
      return { ok: true, message_ts: message.ts };
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
