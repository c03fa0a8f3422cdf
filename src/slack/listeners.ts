// The one registry of everything the app answers in Slack. Reading this file tells you the whole
// Slack surface: the slash command and its subcommands, modals, buttons and events.
import type { App } from '@slack/bolt';
import { makeCreateCommand } from './commands/create';
import { makeDeleteCommand } from './commands/delete';
import { makeListCommand } from './commands/list';
import { makeStatusCommand } from './commands/status';
import { makeAcceptActionHandler } from './handlers/accept-actions';
import { makeAppHomeOpenedHandler } from './handlers/app-home';
import { makeCommandHandler } from './handlers/command';
import { makeDeletionDecisionHandler, makeDeletionRetryHandler } from './handlers/deletion-decision';
import { makeOpenDeletionFormHandler, makeSubmitDeletionFormHandler } from './handlers/deletion-form';
import type { HandlerDeps } from './handlers/deps';
import { makeSubmitCreateFormHandler } from './handlers/submit-create-form';
import { ACCEPT_ACTIONS } from './views/accept';
import { CREATE_FORM_CALLBACK_ID } from './views/create-form';
import { DELETION_FORM_CALLBACK_ID } from './views/deletion-form';
import { DELETION_ACTIONS } from './views/deletion-request';
import { COMMAND } from './views/usage';

export type ListenerDeps = HandlerDeps;

export function registerListeners(app: App, deps: ListenerDeps): void {
  // `help` and anything unknown answer with usage (handlers/command.ts).
  app.command(
    COMMAND,
    makeCommandHandler(deps, {
      create: makeCreateCommand(deps),
      list: makeListCommand(deps),
      status: makeStatusCommand(deps),
      delete: makeDeleteCommand(deps),
    }),
  );
  app.view(
    { callback_id: CREATE_FORM_CALLBACK_ID, type: 'view_submission' },
    makeSubmitCreateFormHandler(deps),
  );
  app.event('app_home_opened', makeAppHomeOpenedHandler(deps));
  // Accept in AWS: the plan's button and the result's buttons.
  app.action(ACCEPT_ACTIONS.apply, makeAcceptActionHandler(deps, 'apply'));
  app.action(ACCEPT_ACTIONS.replace, makeAcceptActionHandler(deps, 'replace'));
  app.action(ACCEPT_ACTIONS.retry, makeAcceptActionHandler(deps, 'retry'));
  // Delete with approval: the form, then one decision per request, then Retry if Aiven failed.
  app.action(DELETION_ACTIONS.open, makeOpenDeletionFormHandler(deps));
  app.view(
    { callback_id: DELETION_FORM_CALLBACK_ID, type: 'view_submission' },
    makeSubmitDeletionFormHandler(deps),
  );
  app.action(DELETION_ACTIONS.approve, makeDeletionDecisionHandler(deps, 'approved'));
  app.action(DELETION_ACTIONS.reject, makeDeletionDecisionHandler(deps, 'rejected'));
  app.action(DELETION_ACTIONS.cancel, makeDeletionDecisionHandler(deps, 'cancelled'));
  app.action(DELETION_ACTIONS.retry, makeDeletionRetryHandler(deps));
}
