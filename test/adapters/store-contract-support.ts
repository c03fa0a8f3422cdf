// What every part of the store contract shares: the hand-moved clock, test records, and a fresh
// store (of every role) per test, of which each role's suite keeps only the role it checks.
import { randomUUID } from 'node:crypto';
import type { Store } from '../../src/adapters/store/roles';
import type { DeletionRequest } from '../../src/peering/deletion';
import type { PeeringRecord, PeeringSpec } from '../../src/peering/model';
import type { Clock } from '../../src/peering/ports';

/** A clock the test moves by hand, so expiry is tested without waiting. */
export class ManualClock implements Clock {
  constructor(private current = new Date('2026-07-01T12:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advanceSeconds(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

export type StoreFactory = (clock: ManualClock) => Promise<Store>;

export function makeSpec(overrides: Partial<PeeringSpec> = {}): PeeringSpec {
  return {
    orgVpcId: randomUUID(),
    awsAccountId: '123456789012',
    awsVpcId: `vpc-${randomUUID().replace(/-/g, '').slice(0, 17)}`,
    awsRegion: 'eu-west-1',
    extraCidrs: [],
    ...overrides,
  };
}

export function makeRecord(overrides: Partial<PeeringRecord> = {}): PeeringRecord {
  const spec = overrides.spec ?? makeSpec();
  return {
    id: randomUUID(),
    spec,
    orgVpc: {
      id: spec.orgVpcId,
      name: 'prod-vpc',
      cloudName: 'aws-eu-west-1',
      awsRegion: 'eu-west-1',
      cidr: '10.0.0.0/24',
      state: 'ACTIVE',
    },
    state: 'REQUESTED',
    requestedBy: 'U0123ABCD',
    channelId: 'C0123ABCD',
    createdAt: '2026-07-01T12:00:00.000Z',
    updatedAt: '2026-07-01T12:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

export function makeDeletionRequest(overrides: Partial<DeletionRequest> = {}): DeletionRequest {
  return {
    id: randomUUID(),
    peeringId: randomUUID(),
    requestedBy: 'U0ALICE',
    channelId: 'C0PLATFORM',
    reason: 'moving to transit gateway',
    requestedAt: '2026-07-01T12:00:00.000Z',
    expiresAt: '2026-07-01T13:00:00.000Z',
    status: 'open',
    attempt: 0,
    version: 1,
    ...overrides,
  };
}

/**
 * Opens a fresh store before each test and closes it after. `use` gets it (typed as every role) and
 * keeps it in a variable typed as the role under test, so a suite can only call that role's methods.
 */
export function useFreshStore(
  makeStore: StoreFactory,
  use: (store: Store, clock: ManualClock) => void,
): void {
  let store: Store | undefined;
  beforeEach(async () => {
    const clock = new ManualClock();
    store = await makeStore(clock);
    use(store, clock);
  });
  afterEach(async () => {
    await store?.close?.();
  });
}
