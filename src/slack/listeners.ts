// The one registry of everything the app answers in Slack. Reading this file tells you the whole
// Slack surface: one slash command and one modal today.
//
// Each handler module is imported when its listener first runs (lazyListener), and this file imports
// only ids (ids.ts): the HTTP function's cold start stays the same however many listeners there are.
// Register new listeners the same way: `lazyListener(async () => (await import('./handlers/x.js')).makeX(deps))`.
import type { App } from '@slack/bolt';
import type { HandlerDeps } from './handlers/deps';
import { COMMAND, CREATE_FORM_CALLBACK_ID } from './ids';
import { lazyListener } from './lazy-listener';

export type ListenerDeps = HandlerDeps;

export function registerListeners(app: App, deps: ListenerDeps): void {
  app.command(
    COMMAND,
    lazyListener(async () => (await import('./handlers/command.js')).makeCommandHandler(deps)),
  );
  app.view(
    { callback_id: CREATE_FORM_CALLBACK_ID, type: 'view_submission' },
    lazyListener(async () =>
      (await import('./handlers/submit-create-form.js')).makeSubmitCreateFormHandler(deps),
    ),
  );
}
