// `npm run store:upgrade`: the DynamoDB store upgrade run by hand (docs/operations.md "Store upgrade").
import { upgradeStoreFromShell } from '../container/aws-store-upgrade';

upgradeStoreFromShell(process.env, (line) => process.stdout.write(line)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`store upgrade failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
