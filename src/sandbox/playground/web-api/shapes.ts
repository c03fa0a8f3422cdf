// What the local Web API methods share: Slack's argument reading, limits and answer shapes.
import type { StoredMessage, WorkspaceUser } from '../protocol';
import type { Triggers } from '../triggers';
import type { Uploads } from '../uploads';
import type { ViewInput, Views } from '../views';
import { BOT, TEAM_ID, type Workspace } from '../workspace';

export type WebApiAnswer = Record<string, unknown> & { ok: boolean };
export type WebApiArgs = Record<string, unknown>;
export type WebApiMethods = Record<string, (args: WebApiArgs) => WebApiAnswer>;

export interface WebApiDeps {
  workspace: Workspace;
  views: Views;
  triggers: Triggers;
  /** Files uploaded through files.getUploadURLExternal and the upload URL. */
  uploads: Uploads;
  /** When set, every call must carry this token (Authorization: Bearer, or a `token` argument). */
  botToken: string | undefined;
  /** The playground answers unknown methods with unknown_method; tests' stand-in says ok. */
  strict: boolean;
  /** The page's URL: permalinks open the message (and its thread) there. */
  pageUrl(): string;
}

const MAX_MESSAGE_BLOCKS = 50;
export const MAX_VIEW_BLOCKS = 100;
const MAX_TEXT = 40_000;

export const fail = (error: string, extra: Record<string, unknown> = {}): WebApiAnswer => ({
  ok: false,
  error,
  ...extra,
});
export const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
export const flag = (value: unknown) => value === true || value === 'true' || value === '1';

export function checkContent(args: Record<string, unknown>): WebApiAnswer | undefined {
  const blocks = args.blocks;
  if (blocks !== undefined && !Array.isArray(blocks)) return fail('invalid_blocks_format');
  if (!str(args.text) && !(Array.isArray(blocks) && blocks.length > 0)) return fail('no_text');
  if (Array.isArray(blocks) && blocks.length > MAX_MESSAGE_BLOCKS)
    return fail('invalid_blocks', { errors: [`must provide no more than ${MAX_MESSAGE_BLOCKS} items`] });
  if (typeof args.text === 'string' && args.text.length > MAX_TEXT) return fail('msg_too_long');
  return undefined;
}

export function content(args: Record<string, unknown>): Pick<StoredMessage, 'text' | 'blocks' | 'metadata'> {
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
export function wire(message: StoredMessage, withMetadata: boolean): Record<string, unknown> {
  const { ephemeralFor: _ephemeral, channel: _channel, metadata, ...rest } = message;
  return withMetadata && metadata ? { ...rest, metadata } : rest;
}

export function userInfo(user: WorkspaceUser) {
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

/** The `view` argument of views.*, checked against Slack's limits. */
export function viewInput(args: Record<string, unknown>): ViewInput | WebApiAnswer {
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
export const isAnswer = (value: unknown): value is WebApiAnswer =>
  typeof (value as WebApiAnswer).ok === 'boolean';
