// The SQLite half of deletion requests and the audit trail. Every write that must be atomic (a
// request and its audit event, a decision and its audit event) is one immediate transaction.
import type Database from 'better-sqlite3';
import { type AuditEvent, applyDecision, type DeletionRequest } from '../../peering/deletion';
import { OpenDeletionRequestError, StaleDeletionRequestError } from '../../peering/errors';
import type { AuditTrail, DeletionRequestStore, Job } from '../../peering/ports';
import { type Approval, applyApproval } from '../../peering/quorum';
import type { SqliteJobTable } from './sqlite-jobs';

/** Appended to MIGRATIONS in sqlite.ts. */
export const DELETION_MIGRATION = `
  CREATE TABLE deletion_requests (
    id TEXT PRIMARY KEY,
    peering_id TEXT NOT NULL,
    status TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    version INTEGER NOT NULL,
    request TEXT NOT NULL
  );
  -- One open request per peering: the database refuses a second one even from another process.
  CREATE UNIQUE INDEX deletion_requests_open ON deletion_requests (peering_id) WHERE status = 'open';
  CREATE INDEX deletion_requests_due ON deletion_requests (expires_at) WHERE status = 'open';
  CREATE TABLE audit_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    peering_id TEXT NOT NULL,
    event TEXT NOT NULL
  );
  CREATE INDEX audit_events_peering ON audit_events (peering_id, seq);`;

interface RequestRow {
  request: string;
}

export function makeSqliteDeletionMethods(
  db: Database.Database,
  jobs: SqliteJobTable,
): DeletionRequestStore & AuditTrail {
  const selectById = db.prepare<[string], RequestRow>('SELECT request FROM deletion_requests WHERE id = ?');
  const selectOpen = db.prepare<[string], RequestRow>(
    "SELECT request FROM deletion_requests WHERE peering_id = ? AND status = 'open'",
  );
  const selectDue = db.prepare<[string], RequestRow>(
    "SELECT request FROM deletion_requests WHERE status = 'open' AND expires_at <= ? ORDER BY expires_at, id",
  );
  // Few rows: approved requests are the deletions ever approved, and the JSON tests need no index.
  const selectApproved = db.prepare<[], RequestRow>(
    `SELECT request FROM deletion_requests WHERE status = 'approved'
       AND json_extract(request, '$.failure') IS NULL AND json_extract(request, '$.settledAt') IS NULL
     ORDER BY id`,
  );
  const insertRow = db.prepare(
    `INSERT INTO deletion_requests (id, peering_id, status, expires_at, version, request)
     VALUES (@id, @peeringId, @status, @expiresAt, @version, @request)`,
  );
  const updateRow = db.prepare(
    `UPDATE deletion_requests SET status = @status, version = @version, request = @request
     WHERE id = @id AND version = @expectedVersion`,
  );
  const insertEvent = db.prepare('INSERT INTO audit_events (peering_id, event) VALUES (?, ?)');
  const selectEvents = db.prepare<[string], { event: string }>(
    'SELECT event FROM audit_events WHERE peering_id = ? ORDER BY seq',
  );

  const parse = (row: RequestRow | undefined): DeletionRequest | undefined =>
    row ? (JSON.parse(row.request) as DeletionRequest) : undefined;
  const columns = (request: DeletionRequest) => ({
    id: request.id,
    peeringId: request.peeringId,
    status: request.status,
    expiresAt: request.expiresAt,
    version: request.version,
    request: JSON.stringify(request),
  });
  const append = (event: AuditEvent) => insertEvent.run(event.peeringId, JSON.stringify(event));

  // The outbox: jobs are added in the transaction of the write that needs them.
  const open = db.transaction((request: DeletionRequest, event: AuditEvent, outbox: readonly Job[]) => {
    const sameId = parse(selectById.get(request.id));
    if (sameId) return { request: sameId, created: false };
    const existing = parse(selectOpen.get(request.peeringId));
    if (existing) throw new OpenDeletionRequestError(existing);
    insertRow.run(columns(request));
    append(event);
    for (const job of outbox) jobs.add(job);
    return { request, created: true };
  });

  const decide = db.transaction(
    (id: string, decision: DeletionRequest['status'], event: AuditEvent, outbox: readonly Job[]) => {
      const current = parse(selectById.get(id));
      if (!current) throw new Error(`deletion request ${id} does not exist`);
      if (current.status !== 'open' || decision === 'open') return { request: current, won: false };
      const next = applyDecision(current, decision, event.actor, new Date(event.at));
      updateRow.run({ ...columns(next), expectedVersion: current.version });
      append(event);
      for (const job of outbox) jobs.add(job);
      return { request: next, won: true };
    },
  );

  const approve = db.transaction(
    (
      id: string,
      approval: Approval,
      event: AuditEvent,
      outbox: { counted: readonly Job[]; complete: readonly Job[] },
    ) => {
      const current = parse(selectById.get(id));
      if (!current) throw new Error(`deletion request ${id} does not exist`);
      const result = applyApproval(current, approval, event);
      if (result.kind !== 'counted' && result.kind !== 'complete') return result;
      updateRow.run({ ...columns(result.request), expectedVersion: current.version });
      append(result.event);
      for (const job of outbox[result.kind]) jobs.add(job);
      return result;
    },
  );

  const update = db.transaction(
    (
      id: string,
      expectedVersion: number,
      patch: Parameters<DeletionRequestStore['updateDeletionRequest']>[2],
    ) => {
      const current = parse(selectById.get(id));
      if (!current) throw new Error(`deletion request ${id} does not exist`);
      if (current.version !== expectedVersion) throw new StaleDeletionRequestError(id);
      const next: DeletionRequest = JSON.parse(
        JSON.stringify({ ...current, ...patch, version: current.version + 1 }),
      );
      updateRow.run({ ...columns(next), expectedVersion });
      return next;
    },
  );

  return {
    async openDeletionRequest(request, event, outbox = []) {
      return open.immediate(JSON.parse(JSON.stringify(request)), event, outbox);
    },
    async getDeletionRequest(id) {
      return parse(selectById.get(id));
    },
    async findOpenDeletionRequest(peeringId) {
      return parse(selectOpen.get(peeringId));
    },
    async listDueDeletionRequests(now) {
      return selectDue.all(now.toISOString()).map((row) => JSON.parse(row.request) as DeletionRequest);
    },
    async listApprovedDeletionRequests() {
      return selectApproved.all().map((row) => JSON.parse(row.request) as DeletionRequest);
    },
    async decideDeletionRequest(id, decision, event, outbox = []) {
      return decide.immediate(id, decision, event, outbox);
    },
    async approveDeletionRequest(id, approval, event, outbox = { counted: [], complete: [] }) {
      return JSON.parse(JSON.stringify(approve.immediate(id, approval, event, outbox)));
    },
    async updateDeletionRequest(id, expectedVersion, patch) {
      return update.immediate(id, expectedVersion, patch);
    },
    async appendAuditEvent(event) {
      append(event);
    },
    async listAuditEvents(peeringId) {
      return selectEvents.all(peeringId).map((row) => JSON.parse(row.event) as AuditEvent);
    },
  };
}
