// What every Slack handler may use. Handlers get the store and the queue, never Aiven: slow work
// is queued so Slack gets its answer within 3 seconds.
import type { Logger } from '../../logger';
import type {
  AuditTrail,
  ClaimStore,
  Clock,
  DeletionRequestStore,
  JobQueue,
  PeeringRecordStore,
  SnapshotStore,
} from '../../peering/ports';
import type { ApprovalRules } from '../../peering/quorum';
import type { Guardrails } from '../../policy/guardrails';
import type { ApproverDirectory } from '../approvers';
import type { Policy } from '../policy';

/**
 * The store roles Slack's handlers use between them (records, deletion requests, their audit, claims,
 * the org VPC snapshot): every domain role, but not Slack's message intents nor closing the store.
 */
export type HandlerStore = PeeringRecordStore &
  DeletionRequestStore &
  AuditTrail &
  ClaimStore &
  SnapshotStore;

export interface HandlerDeps {
  store: HandlerStore;
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
