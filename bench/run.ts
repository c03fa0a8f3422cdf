// `npm run bench`: speed and size goals, measured (not asserted in tests, which must pass on slow machines).
import { formatBundleRows, runBundleBench } from './bundles';
import { formatColdStart, runColdStartBench } from './cold-start';
import { runLatencyBench } from './latency';
import { runReconcileBench } from './reconcile';

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
  process.stdout.write('\nLambda bundles (npm run package): JavaScript read at start and on demand\n');
  process.stdout.write(`${formatBundleRows(runBundleBench())}\n`);
  const cold = await runColdStartBench();
  process.stdout.write(
    `\nCold start: a fresh node process loads the packaged handler and answers one event, median of ${cold.rows[0]?.runs} (interleaved), side by side with Bolt's minimal app (bench/minimal-bolt-app.js)\n`,
  );
  process.stdout.write(`${formatColdStart(cold)}\n`);
  process.stdout.write(
    '\nOne reconcile over 50 org VPCs x 20 peerings against the Aiven sandbox (goal: 51 Aiven calls, < 1 s; one Slack call per reply/update)\n',
  );
  for (const row of await runReconcileBench()) {
    const aivenVerdict = row.aivenCalls === 51 ? 'OK' : 'NOT 51';
    process.stdout.write(
      `  ${row.scenario.padEnd(36)} Aiven calls ${row.aivenCalls} (${aivenVerdict})  Slack calls ${row.slackCalls}  wall ${fmt(row.wallMs)}${row.wallMs < 1000 ? '' : '  OVER 1 s'}\n`,
    );
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
