// Runs a suite on both stores: SQLite in memory, and DynamoDB on a one-request-at-a-time moto of the
// suite's own (the shared moto runs concurrent transactions unsafely, see moto.ts). Call it at the top
// level of a test file: it registers the moto's start and stop with jest. A factory takes the clock the
// bot or harness runs on, so claims, leases and expiry in the store move with the bot's time.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTable, makeDynamoStore } from '../../src/adapters/store/dynamodb';
import type { Store } from '../../src/adapters/store/roles';
import { openSqliteStore } from '../../src/adapters/store/sqlite';
import type { Clock } from '../../src/peering/ports';
import { awsClientConfig, uniqueName } from './aws';
import { type MotoServer, startMoto } from './moto';

export type StoreFactory = (clock: Clock) => Promise<Store>;

/** `[name, factory]` rows for `describe.each`; each DynamoDB store gets a fresh `<tablePrefix>-…` table. */
export function bothStores(tablePrefix: string): [string, StoreFactory][] {
  let moto: MotoServer | undefined;
  let dynamo: DynamoDBClient | undefined;
  beforeAll(async () => {
    moto = await startMoto({ serial: true });
    dynamo = new DynamoDBClient(awsClientConfig(moto.url));
  });
  afterAll(async () => {
    dynamo?.destroy();
    await moto?.stop();
  });
  return [
    ['SQLite', async (clock) => openSqliteStore({ path: ':memory:', clock })],
    [
      'DynamoDB on moto',
      async (clock) => {
        if (!dynamo)
          throw new Error('bothStores: moto is not started (call it at the top level of the file)');
        const tableName = uniqueName(tablePrefix);
        await createTable(dynamo, tableName);
        return makeDynamoStore({ client: dynamo, tableName, clock });
      },
    ],
  ];
}
