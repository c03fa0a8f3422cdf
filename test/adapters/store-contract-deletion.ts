// The deletion requests role (DeletionRequestStore), approvals included: part of the store contract,
// run on every store. Each write also appends its audit event, read back through the AuditTrail role.
import { randomUUID } from 'node:crypto';
import { type AuditEvent, BOT_ACTOR, type DeletionRequest, decisionEvent } from '../../src/peering/deletion';
import { OpenDeletionRequestError, StaleDeletionRequestError } from '../../src/peering/errors';
import type { AuditTrail, DeletionRequestStore } from '../../src/peering/ports';
import { describeApprovals } from './store-contract-approvals';
import {
  type ManualClock,
  makeDeletionRequest,
  type StoreFactory,
  useFreshStore,
} from './store-contract-support';

export { makeDeletionRequest };

const requested = (request: DeletionRequest): AuditEvent => ({
  peeringId: request.peeringId,
  action: 'deletion-requested',
  actor: request.requestedBy,
  at: request.requestedAt,
  channelId: request.channelId,
  requestId: request.id,
  ...(request.reason ? { reason: request.reason } : {}),
});

export function describeDeletionStoreContract(name: string, makeStore: StoreFactory): void {
  describe(`Store contract, deletion requests: ${name}`, () => {
    let clock: ManualClock;
    let store: DeletionRequestStore;
    /** The same store: each write's audit event is read back through its own role. */
    let trail: AuditTrail;
    useFreshStore(makeStore, (made, madeClock) => {
      store = made;
      trail = made;
      clock = madeClock;
    });

    test('opens a request with its audit event; the same id again is a retry', async () => {
      const request = makeDeletionRequest();
      await expect(store.openDeletionRequest(request, requested(request))).resolves.toEqual({
        request,
        created: true,
      });
      await expect(store.getDeletionRequest(request.id)).resolves.toEqual(request);
      await expect(store.findOpenDeletionRequest(request.peeringId)).resolves.toEqual(request);
      const retry = await store.openDeletionRequest({ ...request, reason: 'other' }, requested(request));
      expect(retry).toEqual({ request, created: false });
      await expect(trail.listAuditEvents(request.peeringId)).resolves.toEqual([requested(request)]);
    });

    test('one open request per peering, also under concurrency', async () => {
      const peeringId = randomUUID();
      const requests = Array.from({ length: 4 }, () => makeDeletionRequest({ peeringId }));
      const results = await Promise.allSettled(
        requests.map((r) => store.openDeletionRequest(r, requested(r))),
      );
      const stored = results.filter((r) => r.status === 'fulfilled');
      expect(stored).toHaveLength(1);
      for (const r of results) {
        if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(OpenDeletionRequestError);
      }
      const winner = (stored[0] as PromiseFulfilledResult<{ request: DeletionRequest }>).value.request;
      await expect(store.findOpenDeletionRequest(peeringId)).resolves.toEqual(winner);
      await expect(trail.listAuditEvents(peeringId)).resolves.toHaveLength(1);
    });

    test('the first decision wins; a decided request frees the peering for a new request', async () => {
      const request = makeDeletionRequest();
      await store.openDeletionRequest(request, requested(request));
      clock.advanceSeconds(60);
      const rejected = decisionEvent(request, 'rejected', 'U0BOB', clock.now());
      const first = await store.decideDeletionRequest(request.id, 'rejected', rejected);
      expect(first).toEqual({
        won: true,
        request: {
          ...request,
          status: 'rejected',
          decidedBy: 'U0BOB',
          decidedAt: '2026-07-01T12:01:00.000Z',
          version: 2,
        },
      });
      const late = decisionEvent(request, 'approved', 'U0CAROL', clock.now());
      await expect(store.decideDeletionRequest(request.id, 'approved', late)).resolves.toEqual({
        won: false,
        request: first.request,
      });
      await expect(store.findOpenDeletionRequest(request.peeringId)).resolves.toBeUndefined();
      await expect(trail.listAuditEvents(request.peeringId)).resolves.toEqual([requested(request), rejected]);

      const again = makeDeletionRequest({ peeringId: request.peeringId });
      await expect(store.openDeletionRequest(again, requested(again))).resolves.toMatchObject({
        created: true,
      });
    });

    test('of 10 concurrent decisions exactly one wins and is audited', async () => {
      const request = makeDeletionRequest();
      await store.openDeletionRequest(request, requested(request));
      const approvers = Array.from({ length: 10 }, (_, i) => `U0APPROVER${i}`);
      const results = await Promise.all(
        approvers.map((id) =>
          store.decideDeletionRequest(
            request.id,
            'approved',
            decisionEvent(request, 'approved', id, clock.now()),
          ),
        ),
      );
      const winners = results.filter((r) => r.won);
      expect(winners).toHaveLength(1);
      const stored = await store.getDeletionRequest(request.id);
      expect(stored).toEqual(winners[0]?.request);
      for (const r of results) expect(r.request.decidedBy).toBe(stored?.decidedBy);
      const events = await trail.listAuditEvents(request.peeringId);
      expect(events.map((e) => [e.action, e.actor])).toEqual([
        ['deletion-requested', 'U0ALICE'],
        ['deletion-approved', stored?.decidedBy],
      ]);
    });

    test('lists open requests that are due, not decided or later ones', async () => {
      const due = makeDeletionRequest({ expiresAt: '2026-07-01T12:30:00.000Z' });
      const later = makeDeletionRequest({ expiresAt: '2026-07-01T14:00:00.000Z' });
      const decided = makeDeletionRequest({ expiresAt: '2026-07-01T12:10:00.000Z' });
      for (const r of [due, later, decided]) await store.openDeletionRequest(r, requested(r));
      await store.decideDeletionRequest(
        decided.id,
        'cancelled',
        decisionEvent(decided, 'cancelled', 'U0ALICE', clock.now()),
      );
      const ids = (await store.listDueDeletionRequests(new Date('2026-07-01T12:30:00.000Z'))).map(
        (r) => r.id,
      );
      expect(ids).toContain(due.id);
      expect(ids).not.toContain(later.id);
      expect(ids).not.toContain(decided.id);
      const expired = await store.decideDeletionRequest(
        due.id,
        'expired',
        decisionEvent(due, 'expired', BOT_ACTOR, clock.now()),
      );
      expect(expired.request).toMatchObject({ status: 'expired', decidedAt: '2026-07-01T12:00:00.000Z' });
      expect(expired.request.decidedBy).toBeUndefined();
      const after = (await store.listDueDeletionRequests(new Date('2026-07-01T12:30:00.000Z'))).map(
        (r) => r.id,
      );
      expect(after).not.toContain(due.id);
    });

    test('updateDeletionRequest is a compare-and-set', async () => {
      const request = makeDeletionRequest();
      await store.openDeletionRequest(request, requested(request));
      const message = { channelId: 'C0PLATFORM', ts: '1700000001.000100' };
      const updated = await store.updateDeletionRequest(request.id, 1, { message });
      expect(updated).toEqual({ ...request, message, version: 2 });
      await expect(store.updateDeletionRequest(request.id, 1, { attempt: 2 })).rejects.toBeInstanceOf(
        StaleDeletionRequestError,
      );
      const cleared = await store.updateDeletionRequest(request.id, 2, { failure: undefined, attempt: 1 });
      expect(cleared).toEqual({ ...updated, attempt: 1, version: 3 });
      await expect(store.getDeletionRequest(request.id)).resolves.toEqual(cleared);
    });

    test('lists approved requests whose attempt has not failed and the sweep has not settled', async () => {
      const decide = async (decision: 'approved' | 'rejected') => {
        const request = makeDeletionRequest();
        await store.openDeletionRequest(request, requested(request));
        const event = decisionEvent(request, decision, 'U0BOB', clock.now());
        return (await store.decideDeletionRequest(request.id, decision, event)).request;
      };
      const open = makeDeletionRequest();
      await store.openDeletionRequest(open, requested(open));
      await decide('rejected');
      const running = await decide('approved');
      const failing = await decide('approved');
      const settling = await decide('approved');
      // Other tests' requests may share the table: only this test's count.
      const mine = new Set([open.id, running.id, failing.id, settling.id]);
      const ids = async () =>
        (await store.listApprovedDeletionRequests())
          .map((r) => r.id)
          .filter((id) => mine.has(id))
          .sort();
      expect(await ids()).toEqual([running.id, failing.id, settling.id].sort());
      await expect(store.listApprovedDeletionRequests()).resolves.toContainEqual(running);

      const failed = await store.updateDeletionRequest(failing.id, failing.version, {
        failure: 'Aiven said no',
      });
      await store.updateDeletionRequest(settling.id, settling.version, {
        settledAt: clock.now().toISOString(),
      });
      expect(await ids()).toEqual([running.id]);

      // Retry: the next attempt, listed again.
      await store.updateDeletionRequest(failed.id, failed.version, {
        attempt: 2,
        failure: undefined,
        retriedAt: clock.now().toISOString(),
      });
      expect(await ids()).toEqual([running.id, failing.id].sort());
    });

    describeApprovals(() => ({ clock, store, trail }));
  });
}
