// The poller's store upgrade step (src/adapters/store/dynamodb-upgrade.ts), in a module of its own
// that lambda-worker.ts imports on first use. Each poll makes one GetItem of the upgrade's meta item
// until the layout is reached, then none (remembered per container); the scan runs only while not done.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { runStoreUpgrade, type StoreUpgradeResult } from '../adapters/store/dynamodb-upgrade';
import type { Logger } from '../logger';
import { systemClock } from './clock';

export type StoreUpgradeStep = (remainingMs?: () => number, owner?: string) => Promise<void>;

export function buildStoreUpgradeStep(tableName: string, logger: Logger): StoreUpgradeStep {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 3 }));
  let done = false;
  return async (remainingMs, owner = randomUUID()) => {
    if (done) return;
    let result: StoreUpgradeResult;
    try {
      result = await runStoreUpgrade({
        doc,
        TableName: tableName,
        clock: systemClock,
        owner,
        ...(remainingMs ? { remainingMs } : {}),
      });
    } catch (error) {
      // Progress is saved per page: the next poll resumes from the last one saved.
      logger.error({ err: error }, 'store upgrade failed; the next poll resumes it');
      return;
    }
    if (result.status === 'done' || result.status === 'finished') done = true;
    if (result.status !== 'done') logger.info({ storeUpgrade: result }, storeUpgradeMessage(result));
  };
}

export function storeUpgradeMessage(result: StoreUpgradeResult): string {
  switch (result.status) {
    case 'done':
      return `store upgrade: layout ${result.layoutVersion} was already reached; nothing to do`;
    case 'finished':
      return `store upgrade finished: layout ${result.layoutVersion} reached`;
    case 'paused':
      return 'store upgrade paused before the deadline; the next poll carries on';
    case 'busy':
      return 'store upgrade is running elsewhere (lease held); this run left it alone';
  }
}

/**
 * `npm run store:upgrade` (operators): runs the upgrade to the end in this shell, against the table
 * in DYNAMODB_TABLE with the usual AWS credentials. Safe beside the poller: the lease keeps one run
 * working. Answers the exit code: 0 when the layout is reached, 1 otherwise.
 */
export async function upgradeStoreFromShell(
  env: NodeJS.ProcessEnv,
  write: (line: string) => void,
  client: DynamoDBClient = new DynamoDBClient({ maxAttempts: 3 }),
): Promise<number> {
  const table = env.DYNAMODB_TABLE;
  if (!table || !/^[A-Za-z0-9_.-]{3,255}$/.test(table)) {
    write(
      'DYNAMODB_TABLE must name the bot\'s table (3-255 letters, digits, "_", "-", "."), e.g. vpc-peer-prod-peerings\n',
    );
    return 1;
  }
  const result = await runStoreUpgrade({
    doc: DynamoDBDocumentClient.from(client),
    TableName: table,
    clock: systemClock,
    owner: `shell-${randomUUID()}`,
  });
  write(
    `${storeUpgradeMessage(result)} (this run: scanned ${result.scanned}, backfilled ${result.backfilled}, ` +
      `left to newer writes ${result.raced})\n`,
  );
  return result.status === 'done' || result.status === 'finished' ? 0 : 1;
}
