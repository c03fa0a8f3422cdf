// One cold start of a packaged Lambda handler, in a fresh `node` process (bench/cold-start.ts and
// test/deploy/bundles.test.ts run it): load the handler the way the Lambda Node.js runtime does
// (require() for .js, import() for .mjs), invoke it once with the event given on the command line,
// print the outcome with the times since process start and the RSS, and exit.
// argv: <handler file> <event JSON>
const { performance } = require('node:perf_hooks');

const started = performance.now();
const [file, eventJson] = process.argv.slice(2);
const context = { functionName: 'bench', awsRequestId: 'bench', getRemainingTimeInMillis: () => 60000 };

async function main() {
  const event = JSON.parse(eventJson);
  const mod = file.endsWith('.mjs') ? await import(require('node:url').pathToFileURL(file).href) : require(file);
  const loaded = performance.now();
  let outcome;
  try {
    outcome = { result: await mod.handler(event, context) };
  } catch (error) {
    outcome = { threw: `${error && error.name}: ${String(error && error.message).slice(0, 100)}` };
  }
  const ready = performance.now();
  const sample = { started, loaded, ready, rssBytes: process.memoryUsage().rss, ...outcome };
  process.stdout.write(`\n@@COLD-START ${JSON.stringify(sample)}\n`);
  process.exit(0);
}

main();
