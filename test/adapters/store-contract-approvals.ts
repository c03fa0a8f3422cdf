// Approvals towards a quorum: part of the deletion requests role's contract, run on every store. Each approval is
// its own conditional write; one approver counts once, also when their clicks race.
import { type AuditEvent, type DeletionRequest, decisionEvent } from '../../src/peering/deletion';
import type { AuditTrail, DeletionRequestStore } from '../../src/peering/ports';
import type { Approval } from '../../src/peering/quorum';
import { type ManualClock, makeDeletionRequest } from './store-contract-support';

const requested = (request: DeletionRequest): AuditEvent => ({
  peeringId: request.peeringId,
  action: 'deletion-requested',
  actor: request.requestedBy,
  at: request.requestedAt,
  requestId: request.id,
});

/** The deletion requests suite's fresh store, its audit trail and clock, for the current test. */
export interface DeletionRolesUnderTest {
  clock: ManualClock;
  store: DeletionRequestStore;
  trail: AuditTrail;
}

/** Registered inside the deletion requests suite, which opens and closes the store. */
export function describeApprovals(current: () => DeletionRolesUnderTest): void {
  describe('approvals towards a quorum', () => {
    let clock: ManualClock;
    let store: DeletionRequestStore;
    let trail: AuditTrail;
    beforeEach(() => {
      ({ clock, store, trail } = current());
    });

    const approval = (userId: string): Approval => ({
      userId,
      at: clock.now().toISOString(),
      basis: 'member of <!subteam^S0NETOPS>',
    });
    const approve = (request: DeletionRequest, userId: string) =>
      store.approveDeletionRequest(
        request.id,
        approval(userId),
        decisionEvent(request, 'approved', userId, clock.now()),
      );
    const open = async (required: number) => {
      const request = makeDeletionRequest({ required, approvers: ['S0NETOPS'] });
      await store.openDeletionRequest(request, requested(request));
      return request;
    };

    test('counts each approver once; the last needed approval approves the request', async () => {
      const request = await open(2);
      const first = await approve(request, 'U0CAROL');
      expect(first.kind).toBe('counted');
      expect(first.request).toMatchObject({ status: 'open', approvals: [approval('U0CAROL')] });
      await expect(store.findOpenDeletionRequest(request.peeringId)).resolves.toMatchObject({
        approvals: [approval('U0CAROL')],
      });

      const again = await approve(request, 'U0CAROL');
      expect(again.kind).toBe('already-approved');

      const second = await approve(request, 'U0DAVE');
      expect(second.kind).toBe('complete');
      expect(second.request).toMatchObject({
        status: 'approved',
        decidedBy: 'U0DAVE',
        attempt: 1,
        approvals: [approval('U0CAROL'), approval('U0DAVE')],
      });
      await expect(store.getDeletionRequest(request.id)).resolves.toEqual(second.request);
      // Approved: the peering is free for another request, as after any decision.
      await expect(store.findOpenDeletionRequest(request.peeringId)).resolves.toBeUndefined();
      expect((await approve(request, 'U0BOB')).kind).toBe('decided');

      const history = await trail.listAuditEvents(request.peeringId);
      expect(history.map((e) => [e.action, e.actor, e.detail])).toEqual([
        ['deletion-requested', 'U0ALICE', undefined],
        ['deletion-approval-counted', 'U0CAROL', '1 of 2 approvals; member of <!subteam^S0NETOPS>'],
        ['deletion-approved', 'U0DAVE', '2 of 2 approvals; member of <!subteam^S0NETOPS>'],
      ]);
    });

    test('racing approvals by two approvers count two, and exactly one completes', async () => {
      const request = await open(3);
      const clicks = ['U0CAROL', 'U0DAVE', 'U0CAROL', 'U0DAVE', 'U0CAROL'];
      const results = await Promise.all(clicks.map((userId) => approve(request, userId)));
      expect(results.filter((r) => r.kind === 'counted')).toHaveLength(2);
      expect(results.filter((r) => r.kind === 'already-approved')).toHaveLength(3);
      const stored = await store.getDeletionRequest(request.id);
      expect(stored?.status).toBe('open');
      expect(stored?.approvals?.map((a) => a.userId).sort()).toEqual(['U0CAROL', 'U0DAVE']);

      const quorum2 = await open(2);
      const raced = await Promise.all(clicks.map((userId) => approve(quorum2, userId)));
      expect(raced.filter((r) => r.kind === 'complete')).toHaveLength(1);
      expect(raced.filter((r) => r.kind === 'counted')).toHaveLength(1);
      const events = await trail.listAuditEvents(quorum2.peeringId);
      expect(events.filter((e) => e.action === 'deletion-approved')).toHaveLength(1);
      expect(events.filter((e) => e.action === 'deletion-approval-counted')).toHaveLength(1);
    });

    test('a rejection after one approval ends the request; later approvals change nothing', async () => {
      const request = await open(2);
      await approve(request, 'U0CAROL');
      const rejected = await store.decideDeletionRequest(
        request.id,
        'rejected',
        decisionEvent(request, 'rejected', 'U0DAVE', clock.now()),
      );
      expect(rejected).toMatchObject({ won: true, request: { status: 'rejected', decidedBy: 'U0DAVE' } });
      expect(rejected.request.approvals).toEqual([approval('U0CAROL')]);
      expect((await approve(request, 'U0BOB')).kind).toBe('decided');
      await expect(store.getDeletionRequest(request.id)).resolves.toMatchObject({ status: 'rejected' });
    });

    test('with one approval required, the first approval approves (as before quorums)', async () => {
      const request = makeDeletionRequest();
      await store.openDeletionRequest(request, requested(request));
      const result = await approve(request, 'U0CAROL');
      expect(result).toMatchObject({
        kind: 'complete',
        request: { status: 'approved', decidedBy: 'U0CAROL' },
      });
      const history = await trail.listAuditEvents(request.peeringId);
      expect(history.at(-1)).toMatchObject({ action: 'deletion-approved', actor: 'U0CAROL' });
      expect(history.at(-1)?.detail).toBeUndefined();
    });
  });
}
