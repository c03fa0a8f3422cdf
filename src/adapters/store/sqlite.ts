import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { DuplicatePeeringError, StaleRecordError } from '../../peering/errors';
import { isOpen, isTracked, type OrgVpcSnapshot, type PeeringRecord, specKey } from '../../peering/model';
import { applyPatch, awsIdsOf, type Clock, type Job, type PeeringPatch } from '../../peering/ports';
import type { MessageIntent } from '../../slack/message-intents';
import type { Store } from './roles';
import { DELETION_MIGRATION, makeSqliteDeletionMethods } from './sqlite-deletion';
import { JOBS_MIGRATION, makeSqliteJobTable, type SqliteJobTable } from './sqlite-jobs';

/**
 * Schema history: entry N brings user_version N-1 to N. Append only; never edit a released entry, a
 * database file on someone's laptop has already run it.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE peerings (
     id TEXT PRIMARY KEY,
     spec_key TEXT NOT NULL,
     aiven_peering_id TEXT,
     state TEXT NOT NULL,
     is_open INTEGER NOT NULL,
     version INTEGER NOT NULL,
     created_at TEXT NOT NULL,
     record TEXT NOT NULL
   );
   -- One open request per spec: the database refuses a second one even from another process.
   CREATE UNIQUE INDEX peerings_open_spec_key ON peerings (spec_key) WHERE is_open = 1;
   CREATE INDEX peerings_aiven_peering_id ON peerings (aiven_peering_id) WHERE aiven_peering_id IS NOT NULL;
   CREATE TABLE claims (key TEXT PRIMARY KEY, expires_at_ms INTEGER NOT NULL);
   CREATE INDEX claims_expires_at ON claims (expires_at_ms);
   CREATE TABLE snapshots (organization_id TEXT PRIMARY KEY, snapshot TEXT NOT NULL);`,
  // Message intents of src/slack/delivery.ts: post each Slack message at most once.
  `CREATE TABLE message_intents (key TEXT PRIMARY KEY, attempt INTEGER NOT NULL, intent TEXT NOT NULL);`,
  DELETION_MIGRATION,
  // Reconcile walks open records and ended ones whose announcements are still pending (isTracked).
  `ALTER TABLE peerings ADD COLUMN is_tracked INTEGER NOT NULL DEFAULT 0;
   UPDATE peerings SET is_tracked = CASE
     WHEN is_open = 1 OR COALESCE(json_array_length(record, '$.pendingChanges'), 0) > 0 THEN 1 ELSE 0 END;
   CREATE INDEX peerings_tracked ON peerings (created_at, id) WHERE is_tracked = 1;`,
  // The durable job queue and outbox of `npm start` (sqlite-jobs.ts).
  JOBS_MIGRATION,
  // Status finds ended peerings by every AWS id they had; list shows the recently ended apart.
  `CREATE TABLE peering_aws_ids (
     aws_id TEXT NOT NULL,
     peering_id TEXT NOT NULL,
     PRIMARY KEY (aws_id, peering_id)
   );
   INSERT OR IGNORE INTO peering_aws_ids (aws_id, peering_id)
     SELECT lower(json_extract(record, '$.spec.awsVpcId')), id FROM peerings;
   INSERT OR IGNORE INTO peering_aws_ids (aws_id, peering_id)
     SELECT lower(json_extract(record, '$.stateInfo.awsPeeringConnectionId')), id FROM peerings
     WHERE json_extract(record, '$.stateInfo.awsPeeringConnectionId') IS NOT NULL;
   INSERT OR IGNORE INTO peering_aws_ids (aws_id, peering_id)
     SELECT lower(json_extract(record, '$.accept.pcxId')), id FROM peerings
     WHERE json_extract(record, '$.accept.pcxId') IS NOT NULL;
   ALTER TABLE peerings ADD COLUMN ended_at TEXT;
   UPDATE peerings SET ended_at = COALESCE(json_extract(record, '$.endedAt'), json_extract(record, '$.updatedAt'))
     WHERE is_open = 0;
   CREATE INDEX peerings_ended_at ON peerings (ended_at) WHERE ended_at IS NOT NULL;`,
];

interface PeeringRow {
  record: string;
}

const systemClock: Clock = { now: () => new Date() };

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `database schema version ${current} is newer than this vpc-peer understands (${MIGRATIONS.length}); ` +
        'upgrade vpc-peer or point DATABASE_PATH at another file',
    );
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] as string);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** The SQLite store with its jobs table (the outbox its writes fill, the queue `npm start` drains). */
export type SqliteStore = Store & { jobs: SqliteJobTable };

/** The local store: one SQLite file, safe for one process (and tolerant of a second one via WAL). */
export function openSqliteStore(options: { path: string; clock?: Clock }): SqliteStore {
  const clock = options.clock ?? systemClock;
  const inMemory = options.path === ':memory:' || options.path === '';
  if (!inMemory) mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path);
  if (!inMemory) db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const selectById = db.prepare<[string], PeeringRow>('SELECT record FROM peerings WHERE id = ?');
  const selectOpenBySpec = db.prepare<[string], PeeringRow>(
    'SELECT record FROM peerings WHERE spec_key = ? AND is_open = 1',
  );
  const selectByAivenId = db.prepare<[string], PeeringRow>(
    'SELECT record FROM peerings WHERE aiven_peering_id = ? ORDER BY created_at DESC LIMIT 1',
  );
  const selectOpen = db.prepare<[], PeeringRow>(
    'SELECT record FROM peerings WHERE is_tracked = 1 ORDER BY created_at, id',
  );
  const insertRow = db.prepare(
    `INSERT INTO peerings (id, spec_key, aiven_peering_id, state, is_open, is_tracked, version, created_at, ended_at, record)
     VALUES (@id, @specKey, @aivenPeeringId, @state, @isOpen, @isTracked, @version, @createdAt, @endedAt, @record)`,
  );
  const updateRow = db.prepare(
    `UPDATE peerings SET aiven_peering_id = @aivenPeeringId, state = @state, is_open = @isOpen,
       is_tracked = @isTracked, version = @version, ended_at = @endedAt, record = @record
     WHERE id = @id AND version = @expectedVersion`,
  );
  const insertAwsId = db.prepare('INSERT OR IGNORE INTO peering_aws_ids (aws_id, peering_id) VALUES (?, ?)');
  const selectByAwsId = db.prepare<[string], PeeringRow>(
    `SELECT p.record FROM peering_aws_ids a JOIN peerings p ON p.id = a.peering_id
     WHERE a.aws_id = ? ORDER BY p.created_at, p.id`,
  );
  const selectEndedSince = db.prepare<[string], PeeringRow>(
    'SELECT record FROM peerings WHERE ended_at >= ? ORDER BY ended_at DESC, id',
  );
  const insertClaim = db.prepare('INSERT OR IGNORE INTO claims (key, expires_at_ms) VALUES (?, ?)');
  const deleteExpiredClaims = db.prepare('DELETE FROM claims WHERE expires_at_ms <= ?');
  const upsertSnapshot = db.prepare(
    `INSERT INTO snapshots (organization_id, snapshot) VALUES (?, ?)
     ON CONFLICT (organization_id) DO UPDATE SET snapshot = excluded.snapshot`,
  );
  const selectSnapshot = db.prepare<[string], { snapshot: string }>(
    'SELECT snapshot FROM snapshots WHERE organization_id = ?',
  );

  const selectIntent = db.prepare<[string], { intent: string }>(
    'SELECT intent FROM message_intents WHERE key = ?',
  );
  const insertIntent = db.prepare(
    'INSERT OR IGNORE INTO message_intents (key, attempt, intent) VALUES (@key, @attempt, @intent)',
  );
  const updateIntent = db.prepare(
    'UPDATE message_intents SET attempt = @attempt, intent = @intent WHERE key = @key AND attempt = @expected',
  );
  const deleteIntent = db.prepare('DELETE FROM message_intents WHERE key = ? AND attempt = ?');

  const jobs = makeSqliteJobTable(db);

  const parse = (row: PeeringRow | undefined): PeeringRecord | undefined =>
    row ? (JSON.parse(row.record) as PeeringRecord) : undefined;

  const columns = (record: PeeringRecord) => ({
    id: record.id,
    specKey: specKey(record.spec),
    aivenPeeringId: record.aivenPeeringId ?? null,
    state: record.state,
    isOpen: isOpen(record.state) ? 1 : 0,
    isTracked: isTracked(record) ? 1 : 0,
    version: record.version,
    createdAt: record.createdAt,
    endedAt: isOpen(record.state) ? null : (record.endedAt ?? record.updatedAt),
    record: JSON.stringify(record),
  });
  const noteAwsIds = (record: PeeringRecord) => {
    for (const awsId of awsIdsOf(record)) insertAwsId.run(awsId, record.id);
  };

  const openConflict = (record: PeeringRecord): DuplicatePeeringError | undefined => {
    const existing = parse(selectOpenBySpec.get(specKey(record.spec)));
    return existing && existing.id !== record.id ? new DuplicatePeeringError(existing) : undefined;
  };

  const insert = db.transaction(
    (record: PeeringRecord, outbox: readonly Job[]): { record: PeeringRecord; created: boolean } => {
      const sameId = parse(selectById.get(record.id));
      if (sameId) return { record: sameId, created: false };
      if (isOpen(record.state)) {
        const conflict = openConflict(record);
        if (conflict) throw conflict;
      }
      insertRow.run(columns(record));
      noteAwsIds(record);
      for (const job of outbox) jobs.add(job);
      return { record, created: true };
    },
  );

  const update = db.transaction((id: string, expectedVersion: number, patch: PeeringPatch): PeeringRecord => {
    const current = parse(selectById.get(id));
    if (!current) throw new Error(`peering record ${id} does not exist`);
    const next = applyPatch(current, expectedVersion, patch, clock.now());
    // Reopening a closed record must not make a second open request for the spec.
    if (!isOpen(current.state) && isOpen(next.state)) {
      const conflict = openConflict(next);
      if (conflict) throw conflict;
    }
    const stored = columns(next);
    const { changes } = updateRow.run({ ...stored, expectedVersion });
    if (changes !== 1) throw new StaleRecordError(id);
    noteAwsIds(next);
    return JSON.parse(stored.record) as PeeringRecord;
  });

  const claim = db.transaction((key: string, nowMs: number, expiresAtMs: number): boolean => {
    // Expired claims go lazily, on the next claim (indexed), so nothing needs a sweeper.
    deleteExpiredClaims.run(nowMs);
    return insertClaim.run(key, expiresAtMs).changes === 1;
  });

  return {
    async insertPeering(record, outbox = []) {
      const stored: PeeringRecord = JSON.parse(JSON.stringify(record));
      try {
        return insert.immediate(stored, outbox);
      } catch (error) {
        // Another process won the race between our check and our insert.
        if (isUniqueViolation(error)) {
          const sameId = parse(selectById.get(record.id));
          if (sameId) return { record: sameId, created: false };
          const conflict = openConflict(record);
          if (conflict) throw conflict;
        }
        throw error;
      }
    },
    async getPeering(id) {
      return parse(selectById.get(id));
    },
    async findByAivenPeeringId(aivenPeeringId) {
      return parse(selectByAivenId.get(aivenPeeringId));
    },
    async findPeeringsByAwsId(awsId) {
      return selectByAwsId.all(awsId.toLowerCase()).map((row) => JSON.parse(row.record) as PeeringRecord);
    },
    async listEndedPeerings(since) {
      return selectEndedSince.all(since.toISOString()).map((row) => JSON.parse(row.record) as PeeringRecord);
    },
    async findOpenBySpecKey(key) {
      return parse(selectOpenBySpec.get(key));
    },
    async listOpenPeerings() {
      return selectOpen.all().map((row) => JSON.parse(row.record) as PeeringRecord);
    },
    async updatePeering(id, expectedVersion, patch) {
      return update.immediate(id, expectedVersion, patch);
    },
    async claimOnce(key, ttlSeconds) {
      const nowMs = clock.now().getTime();
      return claim.immediate(key, nowMs, nowMs + ttlSeconds * 1000);
    },
    async getMessageIntent(key) {
      const row = selectIntent.get(key);
      return row ? (JSON.parse(row.intent) as MessageIntent) : undefined;
    },
    async saveMessageIntent(intent, expectedAttempt) {
      const row = { key: intent.key, attempt: intent.attempt, intent: JSON.stringify(intent) };
      const { changes } =
        expectedAttempt === 0
          ? insertIntent.run(row)
          : updateIntent.run({ ...row, expected: expectedAttempt });
      return changes === 1;
    },
    async releaseMessageIntent(key, expectedAttempt) {
      return deleteIntent.run(key, expectedAttempt).changes === 1;
    },
    async saveSnapshot(snapshot) {
      upsertSnapshot.run(snapshot.organizationId, JSON.stringify(snapshot));
    },
    async loadSnapshot(organizationId) {
      const row = selectSnapshot.get(organizationId);
      return row ? (JSON.parse(row.snapshot) as OrgVpcSnapshot) : undefined;
    },
    ...makeSqliteDeletionMethods(db, jobs),
    jobs,
    async close() {
      if (db.open) db.close();
    },
  };
}
