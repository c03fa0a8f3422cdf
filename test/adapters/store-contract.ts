// The store contract: one suite per role, each typed against its role only, run on every store
// (store-sqlite.test.ts, store-dynamodb.test.ts on moto).
import { describeDeletionStoreContract } from './store-contract-deletion';
import { describeRecordStoreContract } from './store-contract-records';
import {
  describeAuditTrailContract,
  describeClaimStoreContract,
  describeMessageIntentStoreContract,
  describeSnapshotStoreContract,
} from './store-contract-roles';
import type { StoreFactory } from './store-contract-support';

export { ManualClock, makeRecord, makeSpec, type StoreFactory } from './store-contract-support';

export function describeStoreContract(name: string, makeStore: StoreFactory): void {
  describeRecordStoreContract(name, makeStore);
  describeDeletionStoreContract(name, makeStore);
  describeAuditTrailContract(name, makeStore);
  describeClaimStoreContract(name, makeStore);
  describeSnapshotStoreContract(name, makeStore);
  describeMessageIntentStoreContract(name, makeStore);
}
