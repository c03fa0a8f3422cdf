// conversations.*: channel history, threads, channel info and the app's DM channels.
import type { StoredMessage } from '../protocol';
import { fail, flag, str, type WebApiDeps, type WebApiMethods, wire } from './shapes';

export function conversationMethods(deps: WebApiDeps): WebApiMethods {
  const { workspace } = deps;
  return {
    'conversations.history': (args) => {
      const channel = workspace.resolveChannel(String(args.channel ?? ''));
      if (!channel) return fail('channel_not_found');
      const limit = Math.min(Number(args.limit ?? 100) || 100, 999);
      const oldest = Number(args.oldest ?? 0);
      const latest = args.latest === undefined ? Number.POSITIVE_INFINITY : Number(args.latest);
      const inclusive = flag(args.inclusive);
      const inRange = (m: StoredMessage) => {
        const ts = Number(m.ts);
        return inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest;
      };
      const all = workspace.history(channel.id).filter(inRange);
      const page = all.slice(0, limit);
      return {
        ok: true,
        messages: page.map((m) => wire(m, flag(args.include_all_metadata))),
        has_more: all.length > page.length,
        response_metadata: { next_cursor: '' },
      };
    },
    'conversations.replies': (args) => {
      const channel = workspace.resolveChannel(String(args.channel ?? ''));
      const ts = str(args.ts);
      if (!channel) return fail('channel_not_found');
      const found = ts ? workspace.replies(channel.id, ts) : [];
      if (found.length === 0) return fail('thread_not_found');
      return {
        ok: true,
        messages: found.map((m) => wire(m, flag(args.include_all_metadata))),
        has_more: false,
        response_metadata: { next_cursor: '' },
      };
    },
    'conversations.info': (args) => {
      const channel = workspace.resolveChannel(String(args.channel ?? ''));
      if (!channel) return fail('channel_not_found');
      return {
        ok: true,
        channel: {
          id: channel.id,
          name: channel.name,
          is_channel: !channel.dmWith,
          is_im: Boolean(channel.dmWith),
          is_private: false,
          is_archived: false,
          is_member: true,
          ...(channel.dmWith ? { user: channel.dmWith } : {}),
          purpose: { value: channel.purpose },
        },
      };
    },
    /** The app's direct-message channel with one user (Slack's `users` may list several for a group DM). */
    'conversations.open': (args) => {
      const ids = String(args.users ?? args.channel ?? '')
        .split(',')
        .filter(Boolean);
      if (ids.length !== 1) return fail(ids.length === 0 ? 'users_list_not_supplied' : 'not_supported');
      const channel = workspace.resolveChannel(ids[0] as string);
      return channel ? { ok: true, channel: { id: channel.id } } : fail('user_not_found');
    },
  };
}
