// `npm run bench`: speed and size goals, measured (not asserted in tests, which must pass on slow machines).
import { formatBundleRows, runBundleBench } from './bundles';
import { runLatencyBench } from './latency';

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function main(): Promise<void> {
  process.stdout.write(
    'Slack request latency through the Lambda HTTP handler, Aiven sandbox at 2.5 s per request\n',
  );
  const rows = await runLatencyBench(Number(process.env.BENCH_REQUESTS ?? 200));
  for (const row of rows) {
    const verdict = row.p99Ms < 1000 ? 'OK (p99 < 1 s)' : 'OVER BUDGET (p99 >= 1 s)';
    process.stdout.write(
      `  ${row.request.padEnd(50)} n=${row.count}  median ${fmt(row.medianMs)}  p99 ${fmt(row.p99Ms)}  max ${fmt(row.maxMs)}  ${verdict}\n`,
    );
  }
  process.stdout.write(
    '\nLambda bundles (npm run package) and cold initialisation, median of 20 fresh processes\n',
  );
  process.stdout.write(`${formatBundleRows(await runBundleBench())}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
