// esbuild plugins for the Lambda bundles (serverless.yml custom.esbuild.plugins).
const path = require('node:path');

// Bolt's index loads every receiver when it loads, but Lambda only ever uses AwsLambdaReceiver with a
// static `authorize`. The Socket Mode and Express stacks (undici, express, body-parser, iconv-lite,
// mime-db: over 1 MB minified) and the OAuth installer (@slack/oauth with jsonwebtoken and semver,
// only built when an app passes OAuth installer options) are replaced by modules that throw if
// anything ever calls them, so a mistake shows up as a clear error instead of silently missing code.
const UNUSED_ON_LAMBDA = /^(@slack\/socket-mode|@slack\/oauth|express|raw-body)$/;

const stubUnusedBoltParts = {
  name: 'stub-unused-bolt-parts',
  setup(build) {
    build.onResolve({ filter: UNUSED_ON_LAMBDA }, (args) => ({ path: args.path, namespace: 'unused-on-lambda' }));
    build.onLoad({ filter: /.*/, namespace: 'unused-on-lambda' }, (args) => ({
      loader: 'js',
      contents: `
const fail = () => { throw new Error(${JSON.stringify(`${args.path} is not bundled for Lambda`)}); };
module.exports = new Proxy(fail, { get: (_target, key) => (key === '__esModule' ? false : fail) });`,
    }));
  },
};

// Code splitting puts each function's chunks next to its handler. serverless-esbuild builds every
// function into the same directory and zips everything in it, except the other handlers and files
// named like them ("worker.mjs.map"). Naming the chunk directory after the handler ("http.chunks/")
// makes the other functions' zips leave these chunks out in the same way.
const chunksPerFunction = {
  name: 'chunks-per-function',
  setup(build) {
    const options = build.initialOptions;
    const entries = Array.isArray(options.entryPoints) ? options.entryPoints : [];
    if (!options.splitting || entries.length !== 1 || typeof entries[0] !== 'string') return;
    const handler = path.basename(entries[0], path.extname(entries[0]));
    options.chunkNames = `${handler}.chunks/[name]-[hash]`;
  },
};

module.exports = [stubUnusedBoltParts, chunksPerFunction];
