// The local Slack workspace: people, channels, user groups and every message, kept in memory. The Web
// API (web-api.ts) and the page read and change it; listeners hear about every change (live updates).
import type { StoredMessage, UserGroup, WorkspaceChannel, WorkspaceUser } from './protocol';

export const TEAM_ID = 'T0SANDBOX';
export const BOT = { userId: 'UBOT', botId: 'BBOT', appId: 'A0VPCPEER', name: 'vpc-peer' } as const;

const user = (id: string, name: string, realName: string, title: string, color: string): WorkspaceUser => ({
  id,
  name,
  realName,
  title,
  isBot: false,
  color,
});

/** alice and bob request peerings; carol and dave approve them (user group S0APPROVERS). */
export const SEED_USERS: WorkspaceUser[] = [
  user('U0ALICE', 'alice', 'Alice Martin', 'Backend engineer', '#3b82f6'),
  user('U0BOB', 'bob', 'Bob Okafor', 'Data engineer', '#16a34a'),
  user('U0CAROL', 'carol', 'Carol Nguyen', 'Platform lead (approver)', '#c026d3'),
  user('U0DAVE', 'dave', 'Dave Schmidt', 'Network engineer (approver)', '#ea580c'),
  { ...user(BOT.userId, BOT.name, 'vpc-peer', 'App', '#1d3557'), isBot: true },
  { ...user('USLACKBOT', 'slackbot', 'Slackbot', 'Slack', '#e01e5a'), isBot: true },
];

export const SEED_CHANNELS: WorkspaceChannel[] = [
  { id: 'C0PLATFORM', name: 'platform', purpose: 'Platform requests: type /vpc-peer here' },
  { id: 'C0DATA', name: 'data-eng', purpose: 'Data engineering' },
  { id: 'C0ANNOUNCE', name: 'announcements', purpose: 'Company-wide announcements' },
];

export const SEED_USER_GROUPS: UserGroup[] = [
  { id: 'S0APPROVERS', handle: 'approvers', name: 'VPC peering approvers', users: ['U0CAROL', 'U0DAVE'] },
];

/**
 * Who approves deletions in the playground when APPROVERS is not set: its approvers group, so the
 * delete flow works out of the box. A real Slack app never gets this default.
 */
export const PLAYGROUND_APPROVERS = ['S0APPROVERS'];

/**
 * Where the playground announces peerings made outside the bot when NOTIFY_CHANNEL is not set: its
 * #announcements, so the sandbox's "Peering created outside the bot" shows what a team would see.
 */
export const PLAYGROUND_NOTIFY_CHANNEL = 'C0ANNOUNCE';

export type WorkspaceChange =
  | { kind: 'messages'; channel: string }
  | { kind: 'views'; userId: string }
  | { kind: 'notices' }
  | { kind: 'sandbox' };

/** Something the person trying the bot should know, e.g. the bot called a method Slack would refuse. */
export interface Notice {
  id: number;
  text: string;
}

const MAX_NOTICES = 5;

export interface WorkspaceOptions {
  /**
   * Tests build their own payloads with channel and user ids of their choosing: there unknown ones are
   * created on first use. The playground is strict, like Slack (channel_not_found, user_not_found).
   */
  strict: boolean;
}

export function makeWorkspace(options: WorkspaceOptions) {
  const users = new Map(SEED_USERS.map((u) => [u.id, { ...u }]));
  const channels = new Map(SEED_CHANNELS.map((c) => [c.id, { ...c }]));
  const userGroups = new Map(SEED_USER_GROUPS.map((g) => [g.id, { ...g, users: [...g.users] }]));
  const messages = new Map<string, StoredMessage[]>();
  const listeners = new Set<(change: WorkspaceChange) => void>();
  let notices: Notice[] = [];
  let nextNotice = 1;
  let lastMicros = 0;

  /** Slack timestamps are unique per channel and increase; they read as seconds.microseconds. */
  function nextTs(): string {
    lastMicros = Math.max(lastMicros + 1, Date.now() * 1000);
    return `${Math.floor(lastMicros / 1e6)}.${String(lastMicros % 1e6).padStart(6, '0')}`;
  }

  function emit(change: WorkspaceChange): void {
    for (const listener of listeners) listener(change);
  }

  function dmChannelOf(userId: string): WorkspaceChannel {
    const id = `D${userId.slice(1)}`;
    let channel = channels.get(id);
    if (!channel) {
      channel = { id, name: BOT.name, purpose: 'Direct messages from vpc-peer', dmWith: userId };
      channels.set(id, channel);
    }
    return channel;
  }

  /** APPROVERS as people read them: `@approvers (carol, dave)`, `@alice`; unknown ids as they are. */
  function describe(ids: string[]): string {
    const nameOf = (id: string) => (userOf(id) ? `@${userOf(id)?.name}` : id);
    const parts = ids.map((id) => {
      const group = userGroups.get(id);
      if (!group) return nameOf(id);
      return `@${group.handle} (${group.users.map((u) => userOf(u)?.name ?? u).join(', ')})`;
    });
    return parts.length > 0 ? parts.join(', ') : 'nobody (APPROVERS is empty)';
  }

  function userOf(id: string): WorkspaceUser | undefined {
    const known = users.get(id);
    if (known || options.strict) return known;
    return user(id, id.toLowerCase(), id, '', '#64748b');
  }

  /** A channel id, a DM id, or a user id (Slack then posts in the app's DM with that user). */
  function resolveChannel(id: string): WorkspaceChannel | undefined {
    if (/^[UW]/.test(id)) return userOf(id) ? dmChannelOf(id) : undefined;
    const known = channels.get(id);
    if (known || options.strict) return known;
    const created = { id, name: id.toLowerCase(), purpose: '' };
    channels.set(id, created);
    return created;
  }

  function list(channel: string): StoredMessage[] {
    let found = messages.get(channel);
    if (!found) {
      found = [];
      messages.set(channel, found);
    }
    return found;
  }

  function find(channel: string, ts: string): StoredMessage | undefined {
    return messages.get(channel)?.find((m) => m.ts === ts && !m.ephemeralFor);
  }

  /** Adds a message (or a thread reply, which updates its parent's reply count). */
  function post(message: Omit<StoredMessage, 'ts' | 'type'>): StoredMessage {
    const stored: StoredMessage = { type: 'message', ...message, ts: nextTs() };
    list(stored.channel).push(stored);
    const parent = stored.thread_ts ? find(stored.channel, stored.thread_ts) : undefined;
    if (parent && !stored.ephemeralFor) {
      parent.thread_ts = parent.ts;
      parent.reply_count = (parent.reply_count ?? 0) + 1;
      parent.latest_reply = stored.ts;
      parent.reply_users = [...new Set([...(parent.reply_users ?? []), stored.user])];
    }
    emit({ kind: 'messages', channel: stored.channel });
    return stored;
  }

  return {
    users: () => [...users.values()],
    channels: () => [...channels.values()],
    userGroups: () => [...userGroups.values()],
    userOf,
    describe,
    userGroupOf: (id: string) => userGroups.get(id),
    /** Tests and demos change who is in a user group (e.g. the approvers). */
    setUserGroup(group: UserGroup): void {
      userGroups.set(group.id, { ...group, users: [...group.users] });
    },
    resolveChannel,
    find,
    onChange(listener: (change: WorkspaceChange) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit,
    notices: () => notices,
    notice(text: string): void {
      notices = [...notices, { id: nextNotice++, text }].slice(-MAX_NOTICES);
      emit({ kind: 'notices' });
    },
    dismissNotice(id: number): void {
      notices = notices.filter((n) => n.id !== id);
      emit({ kind: 'notices' });
    },

    post,
    /** A message from the app: its bot user, bot id and app id. */
    postAsBot(message: Omit<StoredMessage, 'ts' | 'type' | 'user' | 'bot_id' | 'app_id'>): StoredMessage {
      return post({ ...message, user: BOT.userId, bot_id: BOT.botId, app_id: BOT.appId });
    },
    update(
      channel: string,
      ts: string,
      patch: Partial<StoredMessage>,
      editor: string,
    ): StoredMessage | undefined {
      const target = messages.get(channel)?.find((m) => m.ts === ts);
      if (!target) return undefined;
      Object.assign(target, patch, { edited: { user: editor, ts: nextTs() } });
      emit({ kind: 'messages', channel });
      return target;
    },
    remove(channel: string, ts: string): boolean {
      const all = messages.get(channel);
      const index = all?.findIndex((m) => m.ts === ts) ?? -1;
      if (!all || index < 0) return false;
      const [removed] = all.splice(index, 1);
      const parent =
        removed?.thread_ts && removed.thread_ts !== removed.ts ? find(channel, removed.thread_ts) : undefined;
      if (parent?.reply_count) parent.reply_count -= 1;
      emit({ kind: 'messages', channel });
      return true;
    },
    /** Messages a user may see in a channel, oldest first (others' ephemerals left out). */
    visibleTo(userId: string, channel: string): StoredMessage[] {
      return (messages.get(channel) ?? []).filter((m) => !m.ephemeralFor || m.ephemeralFor === userId);
    },
    /** Every message in a channel, oldest first, as stored (tests read metadata and threads). */
    messagesIn(channel: string): StoredMessage[] {
      return [...(messages.get(channel) ?? [])];
    },
    /** conversations.history: top-level messages and broadcast replies, newest first. */
    history(channel: string): StoredMessage[] {
      return (messages.get(channel) ?? [])
        .filter((m) => !m.ephemeralFor && (!m.thread_ts || m.thread_ts === m.ts || m.reply_broadcast))
        .reverse();
    },
    /** conversations.replies: the parent, then its replies, oldest first. */
    replies(channel: string, ts: string): StoredMessage[] {
      return (messages.get(channel) ?? []).filter(
        (m) => !m.ephemeralFor && (m.ts === ts || m.thread_ts === ts),
      );
    },
  };
}

export type Workspace = ReturnType<typeof makeWorkspace>;
