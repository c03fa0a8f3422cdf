import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/adapters/store/sqlite';
import { DuplicatePeeringError } from '../../src/peering/errors';
import { specKey } from '../../src/peering/model';
import { describeStoreContract, ManualClock, makeRecord } from './store-contract';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vpc-peer-store-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

let fileCount = 0;
describeStoreContract('SQLite file', async (clock) =>
  openSqliteStore({ path: join(dir, `nested/dir/store-${++fileCount}.db`), clock }),
);
describeStoreContract('SQLite in memory', async (clock) => openSqliteStore({ path: ':memory:', clock }));

/** Back to the schema before the AWS id lookup and ended_at, as a file written by an older vpc-peer. */
const UNDO_AWS_IDS =
  'DROP TABLE peering_aws_ids; DROP INDEX peerings_ended_at; ALTER TABLE peerings DROP COLUMN ended_at;';

describe('SQLite store file', () => {
  test('keeps records, locks, claims and snapshots across reopening', async () => {
    const path = join(dir, 'reopen.db');
    const clock = new ManualClock();
    const first = openSqliteStore({ path, clock });
    const { record } = await first.insertPeering(makeRecord());
    const updated = await first.updatePeering(record.id, 1, { state: 'APPROVED', aivenPeeringId: 'aiven-1' });
    await first.claimOnce('event-1', 60);
    await first.saveSnapshot({
      organizationId: 'org123456',
      fetchedAt: '2026-07-01T12:00:00.000Z',
      vpcs: [],
    });
    await first.close?.();

    const second = openSqliteStore({ path, clock });
    try {
      await expect(second.getPeering(record.id)).resolves.toEqual(updated);
      await expect(second.findByAivenPeeringId('aiven-1')).resolves.toEqual(updated);
      await expect(second.listOpenPeerings()).resolves.toEqual([updated]);
      await expect(second.claimOnce('event-1', 60)).resolves.toBe(false);
      await expect(second.loadSnapshot('org123456')).resolves.toMatchObject({ organizationId: 'org123456' });
      await expect(second.insertPeering(makeRecord({ spec: record.spec }))).rejects.toBeInstanceOf(
        DuplicatePeeringError,
      );
      await expect(second.findOpenBySpecKey(specKey(record.spec))).resolves.toEqual(updated);
    } finally {
      await second.close?.();
    }
  });

  test('an older file: ended records with pending announcements are tracked after the upgrade', async () => {
    const path = join(dir, 'before-tracked.db');
    const first = openSqliteStore({ path });
    const { record } = await first.insertPeering(makeRecord({ state: 'ACTIVE' }));
    const change = {
      key: `${record.id}:DELETED:gone`,
      previous: 'ACTIVE' as const,
      state: 'DELETED' as const,
    };
    await first.updatePeering(record.id, 1, { state: 'DELETED', pendingChanges: [change] });
    const { record: done } = await first.insertPeering(makeRecord({ state: 'DELETED' }));
    await first.close?.();
    // Back to the schema before the is_tracked column, as a file written by an older vpc-peer.
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(path);
    // Back past every later migration too (the jobs table, the AWS id index): a file that old had none.
    db.exec(UNDO_AWS_IDS);
    db.exec('DROP TABLE jobs; DROP INDEX peerings_tracked; ALTER TABLE peerings DROP COLUMN is_tracked;');
    db.pragma('user_version = 3');
    db.close();

    const second = openSqliteStore({ path });
    try {
      const ids = (await second.listOpenPeerings()).map((r) => r.id);
      expect(ids).toContain(record.id);
      expect(ids).not.toContain(done.id);
    } finally {
      await second.close?.();
    }
  });

  test('an older file: ended peerings are found by their AWS ids and listed as ended after the upgrade', async () => {
    const path = join(dir, 'before-aws-ids.db');
    const first = openSqliteStore({ path });
    const pcx = 'pcx-0a1b2c3d4e5f67890';
    const { record } = await first.insertPeering(makeRecord({ state: 'PENDING_PEER' }));
    await first.updatePeering(record.id, 1, {
      state: 'DELETED',
      stateInfo: { type: 'deleted', message: 'gone', awsPeeringConnectionId: pcx },
    });
    await first.close?.();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(path);
    const version = db.pragma('user_version', { simple: true }) as number;
    db.exec(UNDO_AWS_IDS);
    db.pragma(`user_version = ${version - 1}`);
    db.close();

    const second = openSqliteStore({ path });
    try {
      await expect(second.findPeeringsByAwsId(pcx)).resolves.toMatchObject([{ id: record.id }]);
      await expect(second.findPeeringsByAwsId(record.spec.awsVpcId)).resolves.toMatchObject([
        { id: record.id },
      ]);
      const ended = await second.listEndedPeerings(new Date('2000-01-01T00:00:00.000Z'));
      expect(ended.map((r) => r.id)).toContain(record.id);
    } finally {
      await second.close?.();
    }
  });

  test('refuses a database written by a newer vpc-peer', async () => {
    const path = join(dir, 'future.db');
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    expect(() => openSqliteStore({ path })).toThrow(/schema version 99 is newer/);
  });
});
