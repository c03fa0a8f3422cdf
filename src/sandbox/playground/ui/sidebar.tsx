// The left column: channels, the app (Home and its direct messages), and the sandbox controls.
import type { PlaygroundAction, PlaygroundState } from '../protocol';
import { Guide } from './guide';
import { SandboxPanel } from './sandbox-panel';

export const HOME = 'app-home';

export function Sidebar({
  state,
  me,
  current,
  onOpen,
  run,
}: {
  state: PlaygroundState;
  me: string;
  current: string;
  onOpen(id: string): void;
  run(action: PlaygroundAction): Promise<void>;
}) {
  const dm = state.channels.find((c) => c.dmWith === me);
  return (
    <nav class="sidebar">
      <h3>Channels</h3>
      {state.channels
        .filter((c) => !c.dmWith)
        .map((c) => (
          <button
            type="button"
            class={`nav ${current === c.id ? 'active' : ''}`}
            onClick={() => onOpen(c.id)}
          >
            # {c.name}
          </button>
        ))}
      <h3>Apps</h3>
      <button type="button" class={`nav ${current === HOME ? 'active' : ''}`} onClick={() => onOpen(HOME)}>
        ⇄ vpc-peer · Home
      </button>
      {dm && (
        <button
          type="button"
          class={`nav ${current === dm.id ? 'active' : ''}`}
          onClick={() => onOpen(dm.id)}
        >
          ⇄ vpc-peer · Messages
        </button>
      )}
      <Guide guide={state.guide} />
      {state.sandbox && <SandboxPanel sandbox={state.sandbox} run={run} />}
    </nav>
  );
}
