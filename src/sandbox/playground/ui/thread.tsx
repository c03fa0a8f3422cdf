// The thread panel: the parent message, its replies, and a box to reply.
import { useEffect, useRef } from 'preact/hooks';
import type { PlaygroundState, StoredMessage, WorkspaceUser } from '../protocol';
import type { BlockContext } from './blocks';
import { Composer } from './composer';
import { Message } from './message';

export function ThreadPanel(props: {
  parent: StoredMessage;
  replies: StoredMessage[];
  channelName: string;
  users: WorkspaceUser[];
  command: PlaygroundState['command'];
  ctxFor(message: StoredMessage): BlockContext;
  onClose(): void;
  onDismiss(ts: string): void;
  onSend(text: string): Promise<void>;
}) {
  const { parent, replies, users } = props;
  const list = useRef<HTMLDivElement>(null);
  // A new reply scrolls into view, as in Slack: the thread is where the bot reports progress.
  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [replies.length, parent.ts]);
  return (
    <aside class="thread" aria-label="Thread">
      <header class="channel-header">
        <h1>Thread</h1>
        <span class="purpose"># {props.channelName}</span>
        <button type="button" class="icon" title="Close thread" onClick={props.onClose}>
          ✕
        </button>
      </header>
      <div class="messages" ref={list}>
        <Message message={parent} users={users} ctx={props.ctxFor(parent)} />
        <div class="reply-count">
          {replies.length} {replies.length === 1 ? 'reply' : 'replies'}
        </div>
        {replies.map((m) => (
          <Message message={m} users={users} ctx={props.ctxFor(m)} onDismiss={() => props.onDismiss(m.ts)} />
        ))}
      </div>
      <Composer label="Reply" placeholder="Reply…" command={props.command} onSend={props.onSend} />
    </aside>
  );
}
