// Shared start-up of the Lambda functions. Each builds its objects once per container, on the first
// invocation, because the signing secret and tokens come from Secrets Manager (an async read).
import { type Config, credentialKinds, type Env, secretValues } from '../config';
import { type Logger, makeLogger } from '../logger';
import { summarisePolicy } from '../policy/summary';
import { makeConfigLoader } from './settings';

export { once } from '../once';

export async function boot(env: Env): Promise<{ config: Config; logger: Logger }> {
  const config = await makeConfigLoader(env, 'lambda')();
  const secrets = secretValues(config);
  const logger = makeLogger({ level: config.logLevel, secrets: () => secrets });
  // The kinds, never the values: a pasted bot token in place of the signing secret shows up here.
  logger.info(
    {
      credentials: credentialKinds(config),
      ...(config.policy ? { policy: summarisePolicy(config.policy) } : {}),
    },
    'configuration loaded',
  );
  return { config, logger };
}

export function requireSlackApp(config: Config) {
  if (config.slack.mode !== 'app') throw new Error('SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are required');
  return config.slack;
}

export function requireAiven(config: Config) {
  if (config.aiven.mode !== 'api') throw new Error('AIVEN_API_TOKEN is required on AWS Lambda');
  return config.aiven;
}
