// What every Slack handler may use. Handlers get the store and the queue, never Aiven: slow work
// is queued so Slack gets its answer within 3 seconds.
import type { Logger } from '../../logger';
import type { Clock, JobQueue, PeeringStore } from '../../peering/ports';
import type { ApprovalRules } from '../../peering/quorum';
import type { Guardrails } from '../../policy/guardrails';
import type { ApproverDirectory } from '../approvers';
import type { Policy } from '../policy';

export interface HandlerDeps {
  store: PeeringStore;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  policy: Policy;
  /** POLICY_FILE's teams, approvals and freezes; undefined without a policy file (no guardrails). */
  guardrails?: Guardrails;
  organizationId: string;
  newId: () => string;
  /** Delete with approval: how long a deletion request waits for a decision. */
  approvalTtlMinutes: number;
  /** How many approvers a deletion needs, and who they are, per org VPC. */
  approvalRules: ApprovalRules;
  approvers: ApproverDirectory;
}
