// The message box: plain messages, or a slash command, with Slack's usage hint while typing one.
import { useState } from 'preact/hooks';
import type { PlaygroundState } from '../protocol';

export function Composer({
  label,
  placeholder,
  command,
  onSend,
}: {
  label: string;
  placeholder: string;
  command: PlaygroundState['command'];
  onSend(text: string): Promise<void>;
}) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const typingCommand = text.startsWith('/') && command.name.startsWith(text.split(' ')[0] ?? '');
  const send = async () => {
    const value = text.trim();
    if (!value || busy) return;
    setBusy(true);
    setText('');
    await onSend(value);
    setBusy(false);
  };
  return (
    <div class="composer">
      {typingCommand && (
        <div class="command-hint" role="listbox">
          <button type="button" class="hint-row" onClick={() => setText(`${command.name} `)}>
            <b>{command.name}</b> <span class="usage">{command.usageHint}</span>
            <div class="description">{command.description} · vpc-peer</div>
          </button>
        </div>
      )}
      <textarea
        rows={1}
        aria-label={label}
        placeholder={placeholder}
        value={text}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            void send();
          }
        }}
      />
      <button
        type="button"
        class="send"
        title="Send"
        disabled={busy || !text.trim()}
        onClick={() => void send()}
      >
        ➤
      </button>
    </div>
  );
}
