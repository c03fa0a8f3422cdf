// Accepting and routing only make sense for a peering that lives on: never once its deletion is
// approved or under way, or after it ended. Checked when someone clicks and again by the job.
import { isManagedByTerraform, MANAGED_BY_TERRAFORM, type PeeringRecord, type PeeringState } from '../model';
import type { AuditTrail } from '../ports';
import { STATE_DESCRIPTIONS } from '../states';

/** The states "Accept in AWS" may act in: AWS waits for the accept, or routes remain to add. */
const ACCEPTING_STATES: ReadonlySet<PeeringState> = new Set<PeeringState>(['PENDING_PEER', 'ACTIVE']);

export function mayAcceptIn(record: Pick<PeeringRecord, 'state'>): boolean {
  return ACCEPTING_STATES.has(record.state);
}

/** Why accepting must not run for this peering now, in plain words; undefined when it may. */
export async function acceptRefusal(store: AuditTrail, record: PeeringRecord): Promise<string | undefined> {
  // Terraform owns the accepter and the routes now: vpc-peer neither accepts nor replaces routes.
  if (isManagedByTerraform(record)) return `${MANAGED_BY_TERRAFORM} Nothing changed in AWS.`;
  if (!mayAcceptIn(record)) {
    return `This peering is *${STATE_DESCRIPTIONS[record.state].label}*: vpc-peer no longer accepts it or adds routes for it. Nothing changed.`;
  }
  // An approval is final: the delete job may be running, with the record not DELETING yet. The audit
  // event is written with the decision in one write, so it is there as soon as the approval is.
  const history = await store.listAuditEvents(record.id);
  if (history.some((event) => event.action === 'deletion-approved')) {
    return 'An approver approved deleting this peering: vpc-peer no longer accepts it or adds routes for it. Nothing changed.';
  }
  return undefined;
}
