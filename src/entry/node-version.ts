// Which Node runs `npm start`. Lambda runs Node 22 (serverless.yml); Node 20 works too, but the AWS
// SDK then prints a ten-line warning on its first client, which would be the first thing a person
// trying the bot reads. One line in the start-up summary says the same.
export const LAMBDA_NODE_MAJOR = 22;

/**
 * On Node older than Lambda's: silences the SDK's warning (unless the setting is already chosen) and
 * returns the line to show instead.
 */
export function nodeVersionNote(env: NodeJS.ProcessEnv, version: string): string | undefined {
  const major = Number(/^v(\d+)\./.exec(version)?.[1]);
  if (!(major < LAMBDA_NODE_MAJOR)) return undefined;
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return (
    `  Node: ${version} works; Lambda runs Node ${LAMBDA_NODE_MAJOR}, and AWS SDK releases after ` +
    `January 2027 need it: prefer Node ${LAMBDA_NODE_MAJOR}.`
  );
}
