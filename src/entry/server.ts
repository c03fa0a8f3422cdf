// `npm start`: one process for everything. See README "Quick start".
import { ConfigError, credentialKinds, secretValues } from '../config';
import { startLocalBot } from '../container/local';
import { localAwsOptions, resolveLocalAws, stopLocalAws } from '../container/local-aws';
import { makeConfigLoader } from '../container/settings';
import { makeLogger } from '../logger';
import { summarisePolicy } from '../policy/summary';
import { nodeVersionNote } from './node-version';
import { startupText } from './startup-text';

async function main(): Promise<void> {
  // Before any AWS SDK client exists: the SDK reads this when the first one is built.
  const nodeNote = nodeVersionNote(process.env, process.version);
  const loaded = await makeConfigLoader(process.env, 'local')();
  const secrets = secretValues(loaded);
  const logger = makeLogger({ level: loaded.logLevel, secrets: () => secrets });
  // Last resort: a promise nobody awaited must not end the process and every job still in memory.
  // Requests are guarded where they are handled (src/slack/receiver), so this only logs what slipped.
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled rejection (logged; vpc-peer keeps serving)');
  });
  const { config, aws } = await resolveLocalAws(loaded, process.env);
  const bot = await startLocalBot({ config, logger, ...localAwsOptions(aws) }).catch(async (error) => {
    await stopLocalAws(aws);
    throw error;
  });
  process.stdout.write(startupText({ ...bot, config, aws, nodeNote }));
  // After the summary, so the playground's URL is the first thing a person trying the bot reads.
  logger.info(
    {
      credentials: credentialKinds(config),
      ...(config.policy ? { policy: summarisePolicy(config.policy) } : {}),
    },
    'configuration loaded',
  );

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await bot.stop();
    await stopLocalAws(aws);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  // A bad setting, read at start or only found then (e.g. a port in use), reads the same.
  if (error instanceof ConfigError) {
    process.stderr.write(`vpc-peer cannot start.\n${error.message}\nSee README.md "Configuration".\n`);
    process.exit(2);
  }
  process.stderr.write(`vpc-peer failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
