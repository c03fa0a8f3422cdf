// The one registry of everything the app answers in Slack. Reading this file tells you the whole
// Slack surface: the slash command (its subcommands: subcommands.ts), modals, buttons and events.
//
// Each handler module is imported when its listener first runs (lazyListener), and this file imports
// only ids (ids.ts): the HTTP function's cold start stays the same however many listeners there are.
// Register new listeners the same way: `lazyListener(async () => (await import('./handlers/x.js')).makeX(deps))`.
import type { App } from '@slack/bolt';
import type { HandlerDeps } from './handlers/deps';
import {
  ACCEPT_ACTIONS,
  CIDR_ACTIONS,
  CIDR_FORM_CALLBACK_ID,
  COMMAND,
  CREATE_FORM_CALLBACK_ID,
  DELETION_ACTIONS,
  DELETION_FORM_CALLBACK_ID,
  REPLACE_APPROVAL_ACTIONS,
  REQUEST_PEERING_ACTION,
  TERRAFORM_ACTIONS,
} from './ids';
import { lazyListener } from './lazy-listener';

export type ListenerDeps = HandlerDeps;

export function registerListeners(app: App, deps: ListenerDeps): void {
  // The subcommands are the rows of subcommands.ts (each loaded on its first use); anything unknown
  // answers with usage (handlers/command.ts).
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
  app.event(
    'app_home_opened',
    lazyListener(async () => (await import('./handlers/app-home.js')).makeAppHomeOpenedHandler(deps)),
  );
  // The Home tab's "Request a peering": the same modal as `/vpc-peer`, asking for the channel too.
  app.action(
    REQUEST_PEERING_ACTION,
    lazyListener(async () =>
      (await import('./handlers/request-from-home.js')).makeRequestFromHomeHandler(deps),
    ),
  );

  // Accept in AWS: the plan's button and the result's buttons.
  const acceptAction = (mode: keyof typeof ACCEPT_ACTIONS) =>
    lazyListener(async () =>
      (await import('./handlers/accept-actions.js')).makeAcceptActionHandler(deps, mode),
    );
  app.action(ACCEPT_ACTIONS.apply, acceptAction('apply'));
  app.action(ACCEPT_ACTIONS.replace, acceptAction('replace'));
  app.action(ACCEPT_ACTIONS.retry, acceptAction('retry'));
  // With a policy file, Replace waits for approvers: the request's Approve and Reject.
  const replaceDecision = (decision: 'approve' | 'reject') =>
    lazyListener(async () =>
      (await import('./handlers/replace-decision.js')).makeReplaceDecisionHandler(deps, decision),
    );
  app.action(REPLACE_APPROVAL_ACTIONS.approve, replaceDecision('approve'));
  app.action(REPLACE_APPROVAL_ACTIONS.reject, replaceDecision('reject'));

  // Delete with approval: the form, then one decision per request, then Retry if Aiven failed.
  app.action(
    DELETION_ACTIONS.open,
    lazyListener(async () => (await import('./handlers/deletion-form.js')).makeOpenDeletionFormHandler(deps)),
  );
  app.view(
    { callback_id: DELETION_FORM_CALLBACK_ID, type: 'view_submission' },
    lazyListener(async () =>
      (await import('./handlers/deletion-form.js')).makeSubmitDeletionFormHandler(deps),
    ),
  );
  const decision = (outcome: 'approved' | 'rejected' | 'cancelled') =>
    lazyListener(async () =>
      (await import('./handlers/deletion-decision.js')).makeDeletionDecisionHandler(deps, outcome),
    );
  app.action(DELETION_ACTIONS.approve, decision('approved'));
  app.action(DELETION_ACTIONS.reject, decision('rejected'));
  app.action(DELETION_ACTIONS.cancel, decision('cancelled'));
  app.action(
    DELETION_ACTIONS.retry,
    lazyListener(async () =>
      (await import('./handlers/deletion-decision.js')).makeDeletionRetryHandler(deps),
    ),
  );

  // Hand-off to Terraform: the file (root button), then "Managed by Terraform now".
  app.action(
    TERRAFORM_ACTIONS.show,
    lazyListener(async () =>
      (await import('./handlers/terraform-actions.js')).makeShowTerraformHandler(deps),
    ),
  );
  app.action(
    TERRAFORM_ACTIONS.handOver,
    lazyListener(async () => (await import('./handlers/terraform-actions.js')).makeHandOverHandler(deps)),
  );

  // Editing a live peering's extra CIDRs: the modal, then its submission (the job sends it to Aiven).
  app.action(
    CIDR_ACTIONS.open,
    lazyListener(async () => (await import('./handlers/cidr-form.js')).makeOpenCidrFormHandler(deps)),
  );
  app.view(
    { callback_id: CIDR_FORM_CALLBACK_ID, type: 'view_submission' },
    lazyListener(async () => (await import('./handlers/cidr-form.js')).makeSubmitCidrFormHandler(deps)),
  );
}
