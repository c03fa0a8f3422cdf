// The Slack Web API methods the bot calls, answered from the local workspace with Slack's request and
// response shapes and error codes (https://api.slack.com/methods). Anything missing answers as Slack
// does for an unknown method, so a gap shows up instead of passing silently.
import type { StoredMessage, WorkspaceUser } from './protocol';
import type { Triggers } from './triggers';
import type { ViewInput, Views } from './views';
import { BOT, TEAM_ID, type Workspace } from './workspace';

export type WebApiAnswer = Record<string, unknown> & { ok: boolean };

export interface WebApiDeps {
  workspace: Workspace;
  views: Views;
  triggers: Triggers;
  /** When set, every call must carry this token (Authorization: Bearer, or a `token` argument). */
  botToken: string | undefined;
  /** The playground answers unknown methods with unknown_method; tests' stand-in says ok. */
  strict: boolean;
}

const MAX_MESSAGE_BLOCKS = 50;
const MAX_VIEW_BLOCKS = 100;
const MAX_TEXT = 40_000;

const fail = (error: string, extra: Record<string, unknown> = {}): WebApiAnswer => ({
  ok: false,
  error,
  ...extra,
});
const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const flag = (value: unknown) => value === true || value === 'true' || value === '1';

function checkContent(args: Record<string, unknown>): WebApiAnswer | undefined {
  const blocks = args.blocks;
  if (blocks !== undefined && !Array.isArray(blocks)) return fail('invalid_blocks_format');
  if (!str(args.text) && !(Array.isArray(blocks) && blocks.length > 0)) return fail('no_text');
  if (Array.isArray(blocks) && blocks.length > MAX_MESSAGE_BLOCKS)
    return fail('invalid_blocks', { errors: [`must provide no more than ${MAX_MESSAGE_BLOCKS} items`] });
  if (typeof args.text === 'string' && args.text.length > MAX_TEXT) return fail('msg_too_long');
  return undefined;
}

function content(args: Record<string, unknown>): Pick<StoredMessage, 'text' | 'blocks' | 'metadata'> {
  const metadata = args.metadata as StoredMessage['metadata'] | undefined;
  return {
    text: typeof args.text === 'string' ? args.text : '',
    ...(Array.isArray(args.blocks) ? { blocks: args.blocks } : {}),
    ...(metadata && typeof metadata === 'object' && typeof metadata.event_type === 'string'
      ? { metadata }
      : {}),
  };
}

/** The message as the Web API returns it: metadata only when asked for. */
function wire(message: StoredMessage, withMetadata: boolean): Record<string, unknown> {
  const { ephemeralFor: _ephemeral, channel: _channel, metadata, ...rest } = message;
  return withMetadata && metadata ? { ...rest, metadata } : rest;
}

function userInfo(user: WorkspaceUser) {
  return {
    id: user.id,
    team_id: TEAM_ID,
    name: user.name,
    real_name: user.realName,
    deleted: false,
    is_bot: user.isBot,
    is_admin: false,
    tz: 'Europe/Helsinki',
    profile: {
      real_name: user.realName,
      display_name: user.name,
      title: user.title,
      ...(user.isBot ? { bot_id: BOT.botId } : {}),
    },
  };
}

export function makeWebApi(deps: WebApiDeps) {
  const { workspace, views, triggers } = deps;

  function viewInput(args: Record<string, unknown>): ViewInput | WebApiAnswer {
    const view = args.view as ViewInput | undefined;
    if (!view || typeof view !== 'object')
      return fail('invalid_arguments', {
        response_metadata: { messages: ['[ERROR] missing required field: view'] },
      });
    if ((view.blocks?.length ?? 0) > MAX_VIEW_BLOCKS)
      return fail('invalid_arguments', {
        response_metadata: {
          messages: [`[ERROR] no more than ${MAX_VIEW_BLOCKS} items allowed [json-pointer:/view/blocks]`],
        },
      });
    return view;
  }
  const isAnswer = (value: unknown): value is WebApiAnswer => typeof (value as WebApiAnswer).ok === 'boolean';

  const methods: Record<string, (args: Record<string, unknown>) => WebApiAnswer> = {
    'auth.test': () => ({
      ok: true,
      url: 'https://sandbox.slack.com/',
      team: 'Sandbox',
      user: BOT.name,
      team_id: TEAM_ID,
      user_id: BOT.userId,
      bot_id: BOT.botId,
      is_enterprise_install: false,
    }),
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
    'views.open': (args) => {
      const trigger = triggers.exchange(args.trigger_id);
      if (!trigger.ok) return fail(trigger.error);
      const input = viewInput(args);
      if (isAnswer(input)) return input;
      return { ok: true, view: views.open(trigger.userId, input) };
    },
    'views.push': (args) => {
      const trigger = triggers.exchange(args.trigger_id);
      if (!trigger.ok) return fail(trigger.error);
      const input = viewInput(args);
      if (isAnswer(input)) return input;
      const view = views.push(trigger.userId, input);
      return typeof view === 'string' ? fail(view) : { ok: true, view };
    },
    'views.update': (args) => {
      const input = viewInput(args);
      if (isAnswer(input)) return input;
      const viewId = str(args.view_id);
      const externalId = str(args.external_id);
      if (!viewId && !externalId) return fail('invalid_arguments');
      const view = views.update({ viewId, externalId, hash: str(args.hash) }, input);
      if (view === 'not_found' && !deps.strict)
        return { ok: true, view: { ...input, id: viewId, hash: `${String(viewId)}-h2` } };
      return typeof view === 'string' ? fail(view) : { ok: true, view };
    },
    'views.publish': (args) => {
      const user = workspace.userOf(String(args.user_id ?? ''));
      if (!user) return fail('user_not_found');
      const input = viewInput(args);
      if (isAnswer(input)) return input;
      if (input.type !== 'home')
        return fail('invalid_arguments', {
          response_metadata: { messages: ['[ERROR] view.type must be home'] },
        });
      const view = views.publish(user.id, input, str(args.hash));
      return typeof view === 'string' ? fail(view) : { ok: true, view };
    },
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
    'users.info': (args) => {
      const user = workspace.userOf(String(args.user ?? ''));
      return user ? { ok: true, user: userInfo(user) } : fail('user_not_found');
    },
    'usergroups.users.list': (args) => {
      const group = workspace.userGroupOf(String(args.usergroup ?? ''));
      if (group) return { ok: true, users: [...group.users] };
      return deps.strict ? fail('no_such_subteam') : { ok: true, users: [] };
    },
  };

  function tokenOf(authorization: string | undefined, args: Record<string, unknown>): string | undefined {
    if (authorization?.startsWith('Bearer ')) return authorization.slice('Bearer '.length);
    return str(args.token);
  }

  return {
    methods: () => Object.keys(methods),
    answer(method: string, args: Record<string, unknown>, authorization: string | undefined): WebApiAnswer {
      if (deps.botToken !== undefined) {
        const token = tokenOf(authorization, args);
        if (!token) return fail('not_authed');
        if (token !== deps.botToken) return fail('invalid_auth');
      }
      const handler = methods[method];
      if (!handler) return deps.strict ? fail('unknown_method') : { ok: true };
      return handler(args);
    },
  };
}

export type WebApi = ReturnType<typeof makeWebApi>;
