// Deciding the "Accept in AWS" clicks in the domain (src/peering/decide-accept.ts, decide-replace.ts)
// on both real stores: who may (REQUESTERS, the owning team, freezes, approvers), the first decision
// of a round wins, and an approved Replace queues its run exactly once.

import type { Store } from '../../src/adapters/store/roles';
import { makeLogger } from '../../src/logger';
import type { AcceptRecord } from '../../src/peering/accept/model';
import { type AcceptClick, type DecideAcceptDeps, decideAccept } from '../../src/peering/decide-accept';
import { decideReplace } from '../../src/peering/decide-replace';
import type { PeeringRecord } from '../../src/peering/model';
import type { Job, JobQueue } from '../../src/peering/ports';
import { approvalRulesFromSettings } from '../../src/peering/quorum';
import { makeGuardrails } from '../../src/policy/guardrails';
import { policyFileSchema } from '../../src/policy/schema';
import { makeApproverDirectory } from '../../src/slack/approvers';
import { ManualClock, makeRecord } from '../adapters/store-contract';
import { bothStores } from '../support/both-stores';

const STORES = bothStores('vpc-peer-decide-accept');
const ACCOUNT = '123456789012';
const ALICE = 'U0ALICE'; // payments team: clicks Accept and Replace
const BOB = 'U0BOB'; // data team: owns another account
const CAROL = 'U0CAROL'; // approver
const DAVE = 'U0DAVE'; // approver
const EVE = 'U0EVE'; // approver
const OUTSIDER = 'U0OUTSIDER'; // not among REQUESTERS

/** A queue that records what reached it. */
class RecordingQueue implements JobQueue {
  readonly sent: Job[] = [];
  async enqueue(job: Job): Promise<void> {
    this.sent.push(job);
  }
}

const PLAN = { pcxId: 'pcx-1', routeTables: [], destinations: [], steps: [], acceptNeeded: true };

describe.each(STORES)('deciding accept clicks (%s)', (_name, makeStore) => {
  let clock: ManualClock;
  let store: Store;
  let queue: RecordingQueue;
  let deps: DecideAcceptDeps;

  async function setUp(options: { freeze?: boolean } = {}): Promise<void> {
    clock = new ManualClock();
    store = await makeStore(clock);
    queue = new RecordingQueue();
    const now = clock.now().getTime();
    const policy = policyFileSchema.parse({
      teams: {
        payments: { members: [ALICE], aws_accounts: [ACCOUNT] },
        data: { members: [BOB], aws_accounts: ['444455556666'] },
      },
      approvals: { approvers: [ALICE, CAROL, DAVE, EVE], required: 2 },
      freezes: options.freeze
        ? [
            {
              from: new Date(now - 3600_000).toISOString(),
              to: new Date(now + 3600_000).toISOString(),
              reason: 'Year-end change freeze',
            },
          ]
        : [],
    });
    const guardrails = makeGuardrails(policy);
    deps = {
      store,
      queue,
      clock,
      logger: makeLogger({ level: 'silent', secrets: () => [] }),
      guardrails,
      policy: { mayRequest: (userId) => userId !== OUTSIDER },
      approvalRules: approvalRulesFromSettings({
        approvers: [ALICE, CAROL, DAVE, EVE],
        approvalsRequired: 2,
      }),
      approvers: makeApproverDirectory(),
    };
  }

  async function peering(accept: Partial<AcceptRecord>): Promise<PeeringRecord> {
    const record = makeRecord({
      state: 'PENDING_PEER',
      accept: { pcxId: 'pcx-1', status: 'planned', round: 1, plan: PLAN, routes: [], ...accept },
    });
    await store.insertPeering(record);
    return record;
  }

  const click = (record: PeeringRecord, over: Partial<AcceptClick> = {}): AcceptClick => ({
    peeringId: record.id,
    round: 1,
    mode: 'apply',
    userId: ALICE,
    channelId: record.channelId,
    actionTs: '1700000000.000100',
    ...over,
  });

  const applyJobs = () => queue.sent.filter((job) => job.kind === 'apply-accept');

  afterEach(async () => {
    await store?.close?.();
  });

  it('refuses who may not accept, and queues nothing', async () => {
    await setUp();
    const record = await peering({});
    await expect(decideAccept(deps, click(record, { userId: OUTSIDER }))).resolves.toEqual({
      kind: 'not-requester',
    });
    await expect(decideAccept(deps, click(record, { userId: BOB }))).resolves.toMatchObject({
      kind: 'not-owner',
      refusal: { kind: 'not-member', accountId: ACCOUNT, team: { name: 'payments' } },
    });
    expect(queue.sent).toEqual([]);
    await expect(store.getPeering(record.id)).resolves.toMatchObject({
      accept: { round: 1, status: 'planned' },
    });
  });

  it('a change freeze holds every click, for team members too', async () => {
    await setUp({ freeze: true });
    const record = await peering({});
    const outcome = await decideAccept(deps, click(record));
    expect(outcome).toMatchObject({
      kind: 'frozen',
      refusal: expect.stringContaining('Year-end change freeze'),
    });
    expect(queue.sent).toEqual([]);
  });

  it('a peering that may no longer be accepted is refused in plain words', async () => {
    await setUp();
    const record = makeRecord({
      state: 'DELETED',
      accept: { pcxId: 'pcx-1', status: 'planned', round: 1, plan: PLAN, routes: [] },
    });
    await store.insertPeering(record);
    await expect(decideAccept(deps, click(record))).resolves.toMatchObject({
      kind: 'not-acceptable',
      refusal: expect.stringContaining('no longer accepts it'),
    });
    expect(queue.sent).toEqual([]);
  });

  it('queues one apply job per click; once the round is decided, a later click changes nothing', async () => {
    await setUp();
    const record = await peering({});
    const first = await decideAccept(deps, click(record));
    expect(first).toEqual({
      kind: 'queued',
      job: {
        kind: 'apply-accept',
        id: `apply-accept:${record.id}:1:apply:${ALICE}:1700000000.000100`,
        peeringId: record.id,
        round: 1,
        mode: 'apply',
        userId: ALICE,
      },
    });
    // The job's compare-and-set decides the round (as run-accept does).
    const stored = await store.getPeering(record.id);
    if (!stored?.accept) throw new Error('the record should be stored with its accept record');
    await store.updatePeering(record.id, stored.version, {
      accept: {
        ...stored.accept,
        status: 'applying',
        round: 2,
        decidedBy: ALICE,
        decidedAt: clock.now().toISOString(),
        lastMode: 'apply',
      },
    });
    await expect(decideAccept(deps, click(record, { actionTs: '1700000001.000200' }))).resolves.toMatchObject(
      {
        kind: 'already-decided',
        accept: { decidedBy: ALICE, lastMode: 'apply', round: 2 },
      },
    );
    expect(applyJobs()).toHaveLength(1);
  });

  it('a click of a round whose run stopped half-way points at Retry', async () => {
    await setUp();
    const record = await peering({ status: 'partial', round: 2 });
    await expect(decideAccept(deps, click(record))).resolves.toEqual({ kind: 'run-stopped' });
    expect(queue.sent).toEqual([]);
  });

  it('Replace waits for two approvers other than the requester; the run is queued exactly once', async () => {
    await setUp();
    const record = await peering({ status: 'applied', round: 1 });
    const replace = click(record, { mode: 'replace' });
    await expect(decideAccept(deps, replace)).resolves.toEqual({
      kind: 'replace',
      asked: { kind: 'asked', rule: { approvers: [ALICE, CAROL, DAVE, EVE], required: 2 } },
    });
    const asked = await store.getPeering(record.id);
    const requestedAt = asked?.accept?.replaceRequest?.requestedAt;
    expect(asked?.accept).toMatchObject({
      status: 'applied',
      round: 1,
      replaceRequest: { status: 'open', requestedBy: ALICE },
    });
    await expect(decideAccept(deps, { ...replace, actionTs: '1700000002.0' })).resolves.toMatchObject({
      kind: 'replace',
      asked: { kind: 'open-already', request: { requestedBy: ALICE } },
    });
    expect(applyJobs()).toEqual([]);

    const decide = (userId: string, decision: 'approve' | 'reject' = 'approve') =>
      decideReplace(deps, { peeringId: record.id, round: 1, decision, userId, channelId: record.channelId });
    await expect(decide(ALICE)).resolves.toEqual({
      kind: 'refused',
      why: 'own-request',
      approvers: [ALICE, CAROL, DAVE, EVE],
    });
    await expect(decide(BOB)).resolves.toMatchObject({ kind: 'refused', why: 'not-approver' });
    await expect(decide(CAROL)).resolves.toMatchObject({ kind: 'counted', request: { status: 'open' } });
    await expect(decide(CAROL)).resolves.toMatchObject({ kind: 'already-approved' });
    expect(applyJobs()).toEqual([]);

    await expect(decide(DAVE)).resolves.toMatchObject({
      kind: 'complete',
      request: { status: 'approved', decidedBy: DAVE },
    });
    await expect(decide(EVE)).resolves.toMatchObject({
      kind: 'already-decided',
      request: { status: 'approved' },
    });
    await expect(decide(EVE, 'reject')).resolves.toMatchObject({ kind: 'already-decided' });
    expect(applyJobs()).toEqual([
      {
        kind: 'apply-accept',
        id: `apply-accept:${record.id}:1:replace:approved:${requestedAt}`,
        peeringId: record.id,
        round: 1,
        mode: 'replace',
        userId: ALICE,
      },
    ]);
    await expect(store.getPeering(record.id)).resolves.toMatchObject({
      accept: { status: 'applying', round: 2, decidedBy: ALICE, lastMode: 'replace' },
    });
    const actions = (await store.listAuditEvents(record.id)).map((e) => e.action);
    expect(actions).toEqual(['replace-requested', 'replace-approval-counted', 'replace-approved']);
  });

  it('the first rejection ends a Replace request: later approvals and asks change nothing', async () => {
    await setUp();
    const record = await peering({ status: 'applied', round: 1 });
    await decideAccept(deps, click(record, { mode: 'replace' }));
    const decide = (userId: string, decision: 'approve' | 'reject') =>
      decideReplace(deps, { peeringId: record.id, round: 1, decision, userId });
    await expect(decide(CAROL, 'reject')).resolves.toMatchObject({
      kind: 'rejected',
      request: { status: 'rejected', decidedBy: CAROL },
    });
    await expect(decide(DAVE, 'approve')).resolves.toMatchObject({
      kind: 'already-decided',
      request: { status: 'rejected', decidedBy: CAROL },
    });
    await expect(
      decideAccept(deps, click(record, { mode: 'replace', actionTs: '1700000003.0' })),
    ).resolves.toMatchObject({
      kind: 'replace',
      asked: { kind: 'rejected', request: { decidedBy: CAROL } },
    });
    expect(applyJobs()).toEqual([]);
    expect(queue.sent.map((job) => job.id)).toEqual([
      expect.stringMatching(new RegExp(`^show-replace-request:${record.id}:1:asked:`)),
      `show-replace-request:${record.id}:1:reject:${CAROL}`,
    ]);
  });
});
