// esbuild plugins for the Lambda bundles (serverless.yml custom.esbuild.plugins).
//
// Bolt's index loads every receiver when it loads, but Lambda only ever uses AwsLambdaReceiver. The
// Socket Mode and Express stacks (undici, express, body-parser, iconv-lite, mime-db: over 1 MB
// minified) are replaced by modules that throw if anything ever calls them, so a mistake shows up as
// a clear error instead of silently missing code.
const UNUSED_ON_LAMBDA = /^(@slack\/socket-mode|express|raw-body)$/;

module.exports = [
  {
    name: 'stub-unused-bolt-receivers',
    setup(build) {
      build.onResolve({ filter: UNUSED_ON_LAMBDA }, (args) => ({ path: args.path, namespace: 'unused-on-lambda' }));
      build.onLoad({ filter: /.*/, namespace: 'unused-on-lambda' }, (args) => ({
        loader: 'js',
        contents: `
const fail = () => { throw new Error(${JSON.stringify(`${args.path} is not bundled for Lambda`)}); };
module.exports = new Proxy(fail, { get: (_target, key) => (key === '__esModule' ? false : fail) });`,
      }));
    },
  },
];
