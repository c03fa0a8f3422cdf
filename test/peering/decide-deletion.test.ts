// Deciding a deletion in the domain (src/peering/decide-deletion.ts), on both real stores: who may,
// the first decision wins, a quorum counts each approver once, Retry starts the next attempt, and a
// delete the queue refuses is recorded as a failed attempt.
import { sendJobsAfterWrite } from '../../src/adapters/store/outbox';
import type { SqliteStore } from '../../src/adapters/store/sqlite';
import { makeLogger } from '../../src/logger';
import { type DecideDeletionDeps, decideDeletion } from '../../src/peering/decide-deletion';
import type { DeletionRequest } from '../../src/peering/deletion';
import type { Job, JobQueue, PeeringStore } from '../../src/peering/ports';
import { approvalRulesFromSettings } from '../../src/peering/quorum';
import { requestDeletion } from '../../src/peering/request-deletion';
import { retryDeletion } from '../../src/peering/retry-deletion';
import { makeApproverDirectory } from '../../src/slack/approvers';
import { ManualClock, makeRecord } from '../adapters/store-contract';
import { bothStores } from '../support/both-stores';

const STORES = bothStores('vpc-peer-decide');
const ALICE = 'U0ALICE'; // asks
const BOB = 'U0BOB'; // approver
const CAROL = 'U0CAROL'; // approver
const MALLORY = 'U0MALLORY'; // neither

/** A queue that records what reached it, and refuses while `down`. */
class RecordingQueue implements JobQueue {
  readonly sent: Job[] = [];
  down = false;
  async enqueue(job: Job): Promise<void> {
    if (this.down) throw new Error('SQS unavailable');
    this.sent.push(job);
  }
}

describe.each(STORES)('deciding a deletion (%s)', (name, makeStore) => {
  let clock: ManualClock;
  let raw: PeeringStore;
  let queue: RecordingQueue;
  let deps: DecideDeletionDeps;

  async function setUp(required = 1): Promise<void> {
    clock = new ManualClock();
    raw = await makeStore(clock);
    queue = new RecordingQueue();
    // DynamoDB's jobs go to the queue after the write; SQLite keeps them in its own jobs table.
    const store = name === 'SQLite' ? raw : sendJobsAfterWrite(raw, queue);
    deps = {
      store,
      queue,
      clock,
      logger: makeLogger({ level: 'silent', secrets: () => [] }),
      approvalRules: approvalRulesFromSettings({ approvers: [BOB, CAROL], approvalsRequired: required }),
      approvers: makeApproverDirectory(),
    };
  }

  /** Whether a job with this id was queued, by the store's outbox or straight to the queue. */
  function queued(id: string): boolean {
    const jobs = (raw as Partial<SqliteStore>).jobs;
    return queue.sent.some((job) => job.id === id) || (jobs?.has(id) ?? false);
  }

  async function asked(): Promise<DeletionRequest> {
    const record = makeRecord({ state: 'ACTIVE', aivenPeeringId: 'aiven-peering-1' });
    await deps.store.insertPeering(record);
    const outcome = await requestDeletion(
      { ...deps, approvalTtlMinutes: 60 },
      { id: `del-${record.id}`, record, userId: ALICE, channelId: 'C0PLATFORM' },
    );
    if (outcome.kind !== 'requested') throw new Error(`not requested: ${outcome.kind}`);
    return outcome.request;
  }

  const decide = (
    request: DeletionRequest,
    decision: 'approved' | 'rejected' | 'cancelled',
    userId: string,
  ) => decideDeletion(deps, { requestId: request.id, decision, userId, channelId: 'C0PLATFORM' });

  afterEach(async () => {
    await raw?.close?.();
  });

  it('an unknown request changes nothing', async () => {
    await setUp();
    await expect(
      decideDeletion(deps, { requestId: 'del-nope', decision: 'approved', userId: BOB }),
    ).resolves.toEqual({ kind: 'unknown' });
    await expect(retryDeletion(deps, { requestId: 'del-nope', userId: BOB })).resolves.toEqual({
      kind: 'unknown',
    });
  });

  it('refuses who may not decide, naming the rule’s approvers, and the request stays open', async () => {
    await setUp();
    const request = await asked();
    await expect(decide(request, 'approved', ALICE)).resolves.toMatchObject({
      kind: 'refused',
      why: 'own-request',
      approvers: [BOB, CAROL],
    });
    await expect(decide(request, 'rejected', MALLORY)).resolves.toMatchObject({
      kind: 'refused',
      why: 'not-approver',
      approvers: [BOB, CAROL],
    });
    await expect(decide(request, 'cancelled', BOB)).resolves.toMatchObject({
      kind: 'refused',
      why: 'not-requester',
    });
    await expect(deps.store.getDeletionRequest(request.id)).resolves.toMatchObject({ status: 'open' });
  });

  it('the first decision wins: a later approval is too late and queues no delete', async () => {
    await setUp();
    const request = await asked();
    await expect(decide(request, 'cancelled', ALICE)).resolves.toMatchObject({
      kind: 'decided',
      request: { status: 'cancelled', decidedBy: ALICE },
    });
    expect(queued(`show-deletion-request:${request.id}:decided`)).toBe(true);
    await expect(decide(request, 'approved', BOB)).resolves.toMatchObject({
      kind: 'already-decided',
      request: { status: 'cancelled', decidedBy: ALICE },
    });
    expect(queued(`delete-peering:${request.id}:1`)).toBe(false);
    const actions = (await deps.store.listAuditEvents(request.peeringId)).map((e) => e.action);
    expect(actions).toEqual(['deletion-requested', 'deletion-cancelled']);
  });

  it('a quorum of two counts each approver once; the second approver starts the delete', async () => {
    await setUp(2);
    const request = await asked();
    await expect(decide(request, 'approved', BOB)).resolves.toMatchObject({
      kind: 'decided',
      request: { status: 'open', approvals: [{ userId: BOB, basis: 'a named approver' }] },
    });
    await expect(decide(request, 'approved', BOB)).resolves.toMatchObject({ kind: 'already-approved' });
    expect(queued(`delete-peering:${request.id}:1`)).toBe(false);
    const done = await decide(request, 'approved', CAROL);
    expect(done).toMatchObject({ kind: 'decided', request: { status: 'approved', attempt: 1 } });
    expect(done).not.toHaveProperty('notStarted');
    expect(queued(`delete-peering:${request.id}:1`)).toBe(true);
  });

  it('a click after the request’s time expires it, never decides it', async () => {
    await setUp();
    const request = await asked();
    clock.advanceSeconds(61 * 60);
    await expect(decide(request, 'approved', BOB)).resolves.toMatchObject({
      kind: 'already-decided',
      request: { status: 'expired' },
    });
    expect(queued(`delete-peering:${request.id}:1`)).toBe(false);
  });

  it('Retry: only approvers, once per failure, queues the next attempt', async () => {
    await setUp();
    const request = await asked();
    await decide(request, 'approved', BOB);
    await expect(retryDeletion(deps, { requestId: request.id, userId: BOB })).resolves.toMatchObject({
      kind: 'nothing-to-retry',
    });
    const approved = await deps.store.getDeletionRequest(request.id);
    if (!approved) throw new Error('the request should be stored');
    await deps.store.updateDeletionRequest(request.id, approved.version, { failure: 'Aiven said 500' });

    await expect(retryDeletion(deps, { requestId: request.id, userId: MALLORY })).resolves.toMatchObject({
      kind: 'refused',
      why: 'not-approver',
      approvers: [BOB, CAROL],
    });
    const retried = await retryDeletion(deps, {
      requestId: request.id,
      userId: CAROL,
      channelId: 'C0PLATFORM',
    });
    expect(retried).toMatchObject({
      kind: 'retried',
      request: { attempt: 2 },
      record: { id: request.peeringId },
      failure: 'Aiven said 500',
    });
    expect(queued(`delete-peering:${request.id}:2`)).toBe(true);
    await expect(retryDeletion(deps, { requestId: request.id, userId: CAROL })).resolves.toMatchObject({
      kind: 'nothing-to-retry',
    });
    const events = await deps.store.listAuditEvents(request.peeringId);
    expect(events.at(-1)).toMatchObject({ action: 'deletion-retried', actor: CAROL });
  });

  it('a Retry whose job the queue refuses is recorded as a failed attempt, so Retry works again', async () => {
    await setUp();
    const request = await asked();
    await decide(request, 'approved', BOB);
    const approved = await deps.store.getDeletionRequest(request.id);
    if (!approved) throw new Error('the request should be stored');
    await deps.store.updateDeletionRequest(request.id, approved.version, { failure: 'Aiven said 500' });

    queue.down = true;
    const outcome = await retryDeletion(deps, { requestId: request.id, userId: BOB });
    expect(outcome).toMatchObject({
      kind: 'not-started',
      notStarted: {
        request: { attempt: 2, failure: expect.stringContaining('could not start it') },
        reference: `${request.id}/delete-peering:${request.id}:2`,
      },
    });
    const events = await deps.store.listAuditEvents(request.peeringId);
    expect(events.at(-1)).toMatchObject({ action: 'deletion-failed' });

    queue.down = false;
    await expect(retryDeletion(deps, { requestId: request.id, userId: BOB })).resolves.toMatchObject({
      kind: 'retried',
      request: { attempt: 3 },
    });
    expect(queued(`delete-peering:${request.id}:3`)).toBe(true);
  });
});
