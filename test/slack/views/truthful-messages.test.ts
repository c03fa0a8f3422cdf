// What people read says what vpc-peer did and will do: never a step the bot did or is about to do,
// and every state in Aiven's words too. Rendered from records as the notifiers pass them.
import type { BotRoute } from '../../../src/peering/accept/model';
import { AIVEN_PEERING_STATES, type PeeringRecord, type PeeringState } from '../../../src/peering/model';
import { peeringFacts } from '../../../src/peering/outcome';
import { renderDeleting, renderDeletionRequest } from '../../../src/slack/views/deletion-request';
import { renderPeeringRoot } from '../../../src/slack/views/peering-message';
import { renderPendingReminder, renderStateChange } from '../../../src/slack/views/progress';
import { makeRecord } from '../../adapters/store-contract';
import { makeDeletionRequest } from '../../adapters/store-contract-deletion';
import { textOf } from '../deletion/helpers';

const PCX = 'pcx-0a1b2c3d4e5f67890';
const thread = { channelId: 'C0PLATFORM', ts: '1700000000.000100' };
const route = (routeTableId: string): BotRoute => ({ routeTableId, destination: '10.0.0.0/24', target: PCX });

function record(overrides: Partial<PeeringRecord> = {}): PeeringRecord {
  return makeRecord({
    aivenPeeringId: 'a1b2c3d4-0000-4000-8000-000000000001',
    thread,
    state: 'PENDING_PEER',
    stateInfo: { type: 'pending-peer', message: 'waiting', awsPeeringConnectionId: PCX },
    ...overrides,
  });
}

function withRoutes(
  r: PeeringRecord,
  routes: BotRoute[],
  cleanup?: NonNullable<PeeringRecord['accept']>['cleanup'],
) {
  return {
    ...r,
    accept: {
      pcxId: PCX,
      status: 'applied' as NonNullable<PeeringRecord['accept']>['status'],
      round: 1,
      plan: { pcxId: PCX, routeTables: [], destinations: [], steps: [], acceptNeeded: false },
      routes,
      ...(cleanup ? { cleanup } : {}),
    },
  };
}

const change = (previous: PeeringState, state: PeeringState) => ({ key: `k:${state}`, previous, state });
const reply = (r: PeeringRecord, previous: PeeringState, botAccepts?: boolean) =>
  textOf(
    renderStateChange(r, change(previous, r.state), botAccepts === undefined ? {} : { botAccepts }) as never,
  );
const root = (r: PeeringRecord, hasRole = false) =>
  textOf(
    renderPeeringRoot(
      r,
      peeringFacts(r, () => hasRole),
    ) as never,
  );
const MANUAL = /Accept it in the AWS console|then add a route/;
const REMOVE_ROUTES = /remove (its|the) routes|Remove the routes/i;

describe('messages derived from what vpc-peer did', () => {
  it('with a role, waiting for AWS promises the plan instead of telling people to accept and route', () => {
    const r = record();
    for (const said of [reply(r, 'APPROVED', true), root(r, true)]) {
      expect(said).not.toMatch(MANUAL);
      expect(said).toContain('vpc-peer has a role there');
    }
  });

  it('without a role, and for a peering made outside vpc-peer (even with a role), the manual steps are the truth', () => {
    const noRole = record();
    expect(reply(noRole, 'APPROVED', false)).toMatch(MANUAL);
    expect(root(noRole, false)).toMatch(MANUAL);
    const external = record({ origin: 'external', requestedBy: 'external' });
    expect(reply(external, 'APPROVED', true)).toMatch(MANUAL);
    expect(reply(external, 'APPROVED', true)).toContain(
      'made outside vpc-peer, so vpc-peer does not accept it',
    );
    expect(root(external, true)).toMatch(MANUAL);
  });

  it('Deleting and Deleted do not ask to remove routes vpc-peer removed, but do when it added none or left some', () => {
    const removed = withRoutes(record({ state: 'DELETING' }), [route('rtb-1'), route('rtb-2')], {
      removed: [route('rtb-1'), route('rtb-2')],
      skipped: [],
    });
    const request = {
      ...makeDeletionRequest({ peeringId: removed.id }),
      status: 'approved' as const,
      decidedBy: 'U0BOB',
    };
    for (const said of [
      textOf(renderDeleting(removed, request) as never),
      root(removed),
      reply({ ...removed, state: 'DELETED' }, 'DELETING'),
      root({ ...removed, state: 'DELETED' }),
    ]) {
      expect(said).toContain('vpc-peer removed the 2 routes it had added for it');
      expect(said).not.toMatch(REMOVE_ROUTES);
    }

    const none = record({ state: 'DELETED' });
    expect(reply(none, 'DELETING')).toContain(
      'vpc-peer added no routes for it: remove any route to 10.0.0.0/24',
    );

    const left = withRoutes(record({ state: 'DELETED' }), [route('rtb-1'), route('rtb-2')], {
      removed: [route('rtb-1')],
      skipped: [{ route: route('rtb-2'), reason: 'now goes to pcx-other; changed since, left alone' }],
    });
    expect(reply(left, 'DELETING')).toContain('vpc-peer removed 1 route it had added and left 1 route alone');

    // Deleted outside vpc-peer: its routes are still there and now lead nowhere.
    const outside = withRoutes(record({ state: 'DELETED' }), [route('rtb-1')]);
    expect(reply(outside, 'ACTIVE')).toContain('The 1 route vpc-peer added for it');
    expect(reply(outside, 'ACTIVE')).toContain('remove it in AWS');
  });

  it("a reminder points at vpc-peer's plan when it waits for a decision; manual steps only without one", () => {
    const planned = withRoutes(record({ pendingPeerSince: '2026-07-01T12:00:00.000Z' }), []);
    planned.accept = { ...planned.accept, status: 'planned' };
    const reminder = textOf(renderPendingReminder(planned, 1) as never);
    expect(reminder).toContain("Choose *Accept and add routes* in vpc-peer's plan above");
    expect(reminder).not.toContain('aws ec2 accept-vpc-peering-connection');
    const manual = textOf(renderPendingReminder(record(), 1) as never);
    expect(manual).not.toContain('Accept and add routes');
  });

  it('a deletion request claims only routes vpc-peer added: none for a peering made outside it', () => {
    const external = record({ state: 'ACTIVE', origin: 'external', requestedBy: 'external' });
    const text = textOf(
      renderDeletionRequest(makeDeletionRequest({ peeringId: external.id }), external) as never,
    );
    expect(text).not.toContain('the routes vpc-peer added');
    expect(text).toContain('vpc-peer added no routes for it (it was made outside vpc-peer)');
    const routed = withRoutes(record({ state: 'ACTIVE' }), [route('rtb-1'), route('rtb-2')]);
    const told = textOf(
      renderDeletionRequest(makeDeletionRequest({ peeringId: routed.id }), routed) as never,
    );
    expect(told).toContain('the 2 routes vpc-peer added in AWS for 10.0.0.0/24 (2 route tables of');
  });

  it.each(AIVEN_PEERING_STATES)(
    'the %s reply and root show Aiven’s state name beside the plain words',
    (state) => {
      const r = record({ state });
      expect(reply(r, 'APPROVED')).toContain(`→ ${state})`);
      expect(root(r)).toContain(`(${state})`);
    },
  );
});
