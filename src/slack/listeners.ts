// The one registry of everything the app answers in Slack. Reading this file tells you the whole
// Slack surface: one slash command and one modal today.
import type { App } from '@slack/bolt';
import { makeCommandHandler } from './handlers/command';
import type { HandlerDeps } from './handlers/deps';
import { makeSubmitCreateFormHandler } from './handlers/submit-create-form';
import { CREATE_FORM_CALLBACK_ID } from './views/create-form';
import { COMMAND } from './views/usage';

export type ListenerDeps = HandlerDeps;

export function registerListeners(app: App, deps: ListenerDeps): void {
  app.command(COMMAND, makeCommandHandler(deps));
  app.view(
    { callback_id: CREATE_FORM_CALLBACK_ID, type: 'view_submission' },
    makeSubmitCreateFormHandler(deps),
  );
}
