// The playground page: a Slack-like workspace for trying vpc-peer. It shows the state the server
// keeps for the chosen user and reloads it whenever the server says something changed (SSE).
import { render } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { PlaygroundAction, PlaygroundState, StoredMessage, ViewStateValues } from '../protocol';
import { act, fetchState } from './api';
import { type BlockContext, Blocks, type Json } from './blocks';
import { Composer } from './composer';
import { type Confirm, ConfirmDialog } from './confirm';
import { Avatar, Message } from './message';
import { Modal } from './modal';
import { HOME, Sidebar } from './sidebar';
import { ThreadPanel } from './thread';
import './styles.css';

const params = new URLSearchParams(location.search);

function initialUser(): string {
  return params.get('as') ?? localStorage.getItem('playground-user') ?? 'U0ALICE';
}

/** Shown in the channel (not only in a thread). */
function isTopLevel(m: StoredMessage): boolean {
  return !m.thread_ts || m.thread_ts === m.ts || Boolean(m.reply_broadcast);
}

function App() {
  const [me, setMe] = useState(initialUser);
  const [state, setState] = useState<PlaygroundState | undefined>(undefined);
  // A permalink (chat.getPermalink) opens its channel and thread.
  const [channel, setChannel] = useState(params.get('channel') ?? 'C0PLATFORM');
  const [thread, setThread] = useState<string | undefined>(params.get('thread') ?? undefined);
  const [confirm, setConfirm] = useState<Confirm | undefined>(undefined);
  const [toast, setToast] = useState<string | undefined>(undefined);

  const reload = useCallback(() => fetchState(me).then(setState), [me]);
  useEffect(() => {
    localStorage.setItem('playground-user', me);
    void reload();
    const events = new EventSource('/playground/api/stream');
    let pending: number | undefined;
    events.addEventListener('change', () => {
      clearTimeout(pending);
      pending = window.setTimeout(() => void reload(), 30);
    });
    return () => events.close();
  }, [me, reload]);

  const run = useCallback(
    async (action: PlaygroundAction) => {
      const result = await act(me, action);
      if (!result.ok && result.error) setToast(result.error);
      await reload();
      return result;
    },
    [me, reload],
  );

  const names = useMemo(
    () => ({
      users: state?.users ?? [],
      channels: state?.channels ?? [],
      userGroups: state?.userGroups ?? [],
    }),
    [state],
  );
  // A new message in the channel scrolls into view, as in Slack (answers to list and status too):
  // to the bottom, or to the message's top when it is taller than the channel.
  const messagesRef = useRef<HTMLElement>(null);
  const newest = state?.messages[channel]?.filter(isTopLevel).at(-1)?.ts;
  useEffect(() => {
    const list = messagesRef.current;
    const last = list?.lastElementChild;
    if (!list || !last) return;
    if (last.getBoundingClientRect().height > list.clientHeight)
      list.scrollTop += last.getBoundingClientRect().top - list.getBoundingClientRect().top;
    else list.scrollTop = list.scrollHeight;
  }, [channel, newest]);

  // A message link (mrkdwn.ts) opens its channel and thread here, without leaving the page (a click,
  // or Enter on the focused link).
  useEffect(() => {
    const follow = (event: MouseEvent) => {
      const link = (event.target as Element | null)?.closest?.('a[data-channel]');
      if (!link) return;
      event.preventDefault();
      setChannel(link.getAttribute('data-channel') ?? 'C0PLATFORM');
      setThread(link.getAttribute('data-thread') ?? undefined);
    };
    document.addEventListener('click', follow);
    return () => document.removeEventListener('click', follow);
  }, []);

  if (!state) return <div class="loading">Loading the playground…</div>;

  const withConfirm = (dialog: Json | undefined, go: () => void) =>
    dialog ? setConfirm({ dialog, run: go }) : go();
  // Where the click is made decides where Slack shows the answer: the channel copy of a broadcast
  // reply answers in the channel, the thread panel in the thread.
  const messageCtx = (message: StoredMessage, inThread: boolean): BlockContext => ({
    names,
    onAction: (blockId, action, dialog) =>
      withConfirm(
        dialog,
        () =>
          void run({
            kind: 'block-action',
            source: { type: 'message', channel: message.channel, ts: message.ts, inThread },
            blockId,
            action,
          }),
      ),
  });
  const viewCtx = (viewId: string): BlockContext => ({
    names,
    onAction: (blockId, action, dialog) =>
      withConfirm(
        dialog,
        () => void run({ kind: 'block-action', source: { type: 'view', viewId }, blockId, action }),
      ),
  });
  const send = (channelId: string, threadTs?: string) => async (text: string) => {
    const isCommand = text.startsWith('/');
    if (isCommand && !text.startsWith(`${state.command.name}`)) {
      setToast(
        `${text.split(' ')[0]} is not a valid command. In the playground only ${state.command.name} is installed.`,
      );
      return;
    }
    await run(
      isCommand
        ? { kind: 'command', channel: channelId, text, ...(threadTs ? { threadTs } : {}) }
        : { kind: 'message', channel: channelId, text, ...(threadTs ? { threadTs } : {}) },
    );
  };

  const current = state.channels.find((c) => c.id === channel);
  const all = state.messages[channel] ?? [];
  const topLevel = all.filter(isTopLevel);
  const parent = thread ? all.find((m) => m.ts === thread) : undefined;
  const replies = thread ? all.filter((m) => m.thread_ts === thread && m.ts !== thread) : [];
  const user = state.users.find((u) => u.id === me);
  const top = state.modals.at(-1);
  const people = state.users.filter((u) => !u.isBot);

  return (
    <div class="app" data-me={state.me}>
      <header class="topbar">
        <span class="workspace">Sandbox workspace · vpc-peer playground</span>
        <label class="switcher">
          <Avatar user={user} size={24} />
          <span>Acting as</span>
          <select
            aria-label="Acting as"
            value={me}
            onChange={(e) => {
              setMe((e.target as HTMLSelectElement).value);
              setThread(undefined);
            }}
          >
            {people.map((u) => (
              <option value={u.id}>
                {u.realName} (@{u.name})
                {state.userGroups.some((g) => g.users.includes(u.id)) ? ' · approver' : ''}
              </option>
            ))}
          </select>
        </label>
      </header>
      <Sidebar
        state={state}
        me={me}
        current={channel}
        onOpen={(id) => {
          setChannel(id);
          setThread(undefined);
          if (id === HOME) void run({ kind: 'open-home' });
        }}
        run={async (a) => void (await run(a))}
      />
      <main class="channel">
        {state.notices.map((notice) => (
          <div class="notice" role="alert">
            ⚠ {notice.text}
            <button
              type="button"
              class="icon"
              title="Dismiss"
              onClick={() => void run({ kind: 'dismiss-notice', id: notice.id })}
            >
              ✕
            </button>
          </div>
        ))}
        {channel === HOME ? (
          <>
            <header class="channel-header">
              <h1>⇄ vpc-peer</h1>
              <span class="purpose">Home</span>
            </header>
            <div class="home">
              {state.home ? (
                <Blocks blocks={state.home.blocks as Json[]} ctx={viewCtx(state.home.id)} />
              ) : (
                <p class="empty">The app has not published a Home tab for you.</p>
              )}
            </div>
          </>
        ) : (
          <>
            <header class="channel-header">
              <h1>{current?.dmWith ? '⇄ vpc-peer' : `# ${current?.name ?? channel}`}</h1>
              <span class="purpose">{current?.purpose}</span>
            </header>
            <section class="messages" aria-label="Messages" ref={messagesRef}>
              {topLevel.length === 0 && (
                <p class="empty">
                  No messages yet. Type <code>{state.command.name}</code> below to request a VPC peering.
                </p>
              )}
              {topLevel.map((m) => (
                <Message
                  message={m}
                  users={state.users}
                  ctx={messageCtx(m, false)}
                  onOpenThread={() => setThread(m.ts)}
                  onDismiss={() => void run({ kind: 'dismiss-ephemeral', channel, ts: m.ts })}
                />
              ))}
            </section>
            <Composer
              label="Message"
              placeholder={`Message ${current?.dmWith ? 'vpc-peer' : `#${current?.name ?? ''}`}`}
              command={state.command}
              onSend={send(channel)}
            />
          </>
        )}
      </main>
      {parent && (
        <ThreadPanel
          parent={parent}
          replies={replies}
          channelName={current?.name ?? ''}
          users={state.users}
          command={state.command}
          ctxFor={(m) => messageCtx(m, true)}
          onClose={() => setThread(undefined)}
          onDismiss={(ts) => void run({ kind: 'dismiss-ephemeral', channel, ts })}
          onSend={send(channel, parent.ts)}
        />
      )}
      {top && (
        <Modal
          view={top}
          depth={state.modals.length}
          errors={state.modalErrors}
          ctx={viewCtx(top.id)}
          onSubmit={async (values) => {
            const result = await run({ kind: 'submit-view', viewId: top.id, values });
            return result.ok ? undefined : result.error;
          }}
          onClose={() => void run({ kind: 'close-view', viewId: top.id, all: top.clear_on_close })}
          onViewAction={(blockId, action, values: ViewStateValues, dialog) =>
            withConfirm(
              dialog,
              () =>
                void run({
                  kind: 'block-action',
                  source: { type: 'view', viewId: top.id, values },
                  blockId,
                  action,
                }),
            )
          }
          onSuggest={async (blockId, actionId, query, values) => {
            const result = await act(me, {
              kind: 'suggest',
              viewId: top.id,
              blockId,
              actionId,
              value: query,
              values,
            });
            return (result.options ??
              (result.optionGroups as Json[] | undefined)?.flatMap((g) => g.options ?? []) ??
              []) as Json[];
          }}
        />
      )}
      {confirm && <ConfirmDialog confirm={confirm} names={names} onDone={() => setConfirm(undefined)} />}
      {toast && (
        <div class="toast" role="status">
          {toast}
          <button type="button" class="icon" onClick={() => setToast(undefined)}>
            ✕
          </button>
        </div>
      )}
    </div>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
