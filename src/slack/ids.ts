// The ids Slack routes on (slash command, callback ids, action ids), apart from the Block Kit builders
// that use them: listeners.ts registers every listener with these alone, so starting the app loads
// no handler and no view (see lazy-listener.ts).
export const COMMAND = '/vpc-peer';
export const CREATE_FORM_CALLBACK_ID = 'create_peering';
export const DELETION_FORM_CALLBACK_ID = 'delete_peering';

/** "Request a peering" on the Home tab (views/home.ts): opens the create modal. */
export const REQUEST_PEERING_ACTION = 'peering_request';

/** Buttons of "Accept in AWS" (views/accept.ts): the plan's, and the result's next steps. */
export const ACCEPT_ACTIONS = {
  apply: 'accept_apply',
  replace: 'accept_replace_conflicts',
  retry: 'accept_retry',
} as const;

/** Approving "Replace conflicting routes" when a policy file asks for approvers (views/replace-request.ts). */
export const REPLACE_APPROVAL_ACTIONS = {
  approve: 'replace_approve',
  reject: 'replace_reject',
} as const;

/** Buttons of delete with approval (views/deletion-request.ts, views/peering-message.ts). */
export const DELETION_ACTIONS = {
  approve: 'deletion_approve',
  reject: 'deletion_reject',
  cancel: 'deletion_cancel',
  retry: 'deletion_retry',
  /** "Delete..." on a peering's root message: opens the deletion form with the peering chosen. */
  open: 'peering_delete',
} as const;

/** Hand-off to Terraform (views/terraform.ts, views/peering-message.ts). */
export const TERRAFORM_ACTIONS = {
  /** "Terraform" on an ACTIVE peering's root message: the HCL, privately. */
  show: 'peering_terraform',
  /** "Managed by Terraform now": vpc-peer stops changing the peering. */
  handOver: 'peering_hand_over',
} as const;

/** Editing a live peering's extra CIDRs (views/cidr-form.ts). */
export const CIDR_ACTIONS = {
  /** "Edit CIDRs..." on a peering's root message. */
  open: 'peering_edit_cidrs',
} as const;
export const CIDR_FORM_CALLBACK_ID = 'edit_peering_cidrs';
