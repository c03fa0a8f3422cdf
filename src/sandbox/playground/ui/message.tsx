// One message like Slack draws it: avatar, name (APP badge for bots), time, blocks or text, "only
// visible to you" for ephemerals, and the thread summary.
import type { StoredMessage, WorkspaceUser } from '../protocol';
import { type BlockContext, Blocks, type Json, Text } from './blocks';
import { FileCard } from './file';

export function Avatar({ user, size = 36 }: { user: WorkspaceUser | undefined; size?: number }) {
  const initials = (user?.realName ?? '?')
    .split(/\s+/)
    .map((w) => w[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return (
    <span
      class="avatar"
      style={{
        background: user?.color ?? '#64748b',
        width: `${size}px`,
        height: `${size}px`,
        fontSize: `${size / 2.6}px`,
      }}
    >
      {user?.isBot && user.id === 'UBOT' ? '⇄' : initials}
    </span>
  );
}

export function timeOf(ts: string): string {
  return new Date(Number(ts) * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export interface MessageProps {
  message: StoredMessage;
  users: WorkspaceUser[];
  ctx: BlockContext;
  /** Set in the channel: opens the thread panel. */
  onOpenThread?: () => void;
  onDismiss?: () => void;
}

export function Message({ message, users, ctx, onOpenThread, onDismiss }: MessageProps) {
  const author = users.find((u) => u.id === message.user);
  const blocks = (message.blocks ?? []) as Json[];
  return (
    <div class={`message ${message.ephemeralFor ? 'ephemeral' : ''}`} data-ts={message.ts}>
      <Avatar user={author} />
      <div class="message-content">
        <div class="message-meta">
          <span class="author">{author?.realName ?? message.user}</span>
          {author?.isBot && <span class="app-badge">APP</span>}
          <span class="time" title={new Date(Number(message.ts) * 1000).toLocaleString()}>
            {timeOf(message.ts)}
          </span>
          {message.edited && <span class="edited">(edited)</span>}
          {message.reply_broadcast && (
            <span class="broadcast">replied to a thread, also sent to the channel</span>
          )}
        </div>
        {blocks.length > 0 ? (
          <Blocks blocks={blocks} ctx={ctx} />
        ) : message.text ? (
          <div class="text">
            <Text text={{ type: 'mrkdwn', text: message.text }} names={ctx.names} />
          </div>
        ) : null}
        {(message.files ?? []).map((file) => (
          <FileCard file={file} />
        ))}
        {message.ephemeralFor && (
          <div class="only-you">
            👁 Only visible to you
            {onDismiss && (
              <button type="button" class="link" onClick={onDismiss}>
                Dismiss message
              </button>
            )}
          </div>
        )}
        {onOpenThread && (message.reply_count ?? 0) > 0 && (
          <button type="button" class="thread-summary" onClick={onOpenThread}>
            {(message.reply_users ?? []).slice(0, 3).map((id) => (
              <Avatar user={users.find((u) => u.id === id)} size={20} />
            ))}
            <span class="replies">
              {message.reply_count} {message.reply_count === 1 ? 'reply' : 'replies'}
            </span>
            {message.latest_reply && <span class="time">Last reply {timeOf(message.latest_reply)}</span>}
          </button>
        )}
      </div>
    </div>
  );
}
