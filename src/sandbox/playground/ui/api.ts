// The page's calls to its server.
import type { PlaygroundAction, PlaygroundActionResult, PlaygroundState } from '../protocol';

export async function fetchState(me: string): Promise<PlaygroundState> {
  const response = await fetch(`/playground/api/state?user=${encodeURIComponent(me)}`);
  if (!response.ok) throw new Error(`state: HTTP ${response.status}`);
  return (await response.json()) as PlaygroundState;
}

export async function act(me: string, action: PlaygroundAction): Promise<PlaygroundActionResult> {
  const response = await fetch(`/playground/api/act?user=${encodeURIComponent(me)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(action),
  });
  return (await response.json()) as PlaygroundActionResult;
}
