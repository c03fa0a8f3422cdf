// `npm start`: one process for everything. See README "Quick start".
import { ConfigError, credentialKinds, secretValues } from '../config';
import { startLocalBot } from '../container/local';
import {
  type PlaygroundAws,
  playgroundAwsOptions,
  startPlaygroundAws,
  wantsPlaygroundAws,
  withAccepterRole,
} from '../container/playground-aws';
import { makeConfigLoader } from '../container/settings';
import { makeLogger } from '../logger';
import { policyLines, summarisePolicy } from '../policy/summary';
import { nodeVersionNote } from './node-version';

async function main(): Promise<void> {
  // Before any AWS SDK client exists: the SDK reads this when the first one is built.
  const nodeNote = nodeVersionNote(process.env, process.version);
  let config: Awaited<ReturnType<ReturnType<typeof makeConfigLoader>>>;
  try {
    config = await makeConfigLoader(process.env, 'local')();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`vpc-peer cannot start.\n${error.message}\nSee README.md "Configuration".\n`);
      process.exit(2);
    }
    throw error;
  }
  const secrets = secretValues(config);
  const logger = makeLogger({ level: config.logLevel, secrets: () => secrets });
  // Last resort: a promise nobody awaited must not end the process and every job still in memory.
  // Requests are guarded where they are handled (src/slack/receiver), so this only logs what slipped.
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled rejection (logged; vpc-peer keeps serving)');
  });
  // AWS_ENDPOINT_URL (e.g. moto): the accept work and the Aiven sandbox use that AWS.
  const awsEndpoint = process.env.AWS_ENDPOINT_URL;
  const hasCredentials = process.env.AWS_ACCESS_KEY_ID !== undefined || process.env.AWS_PROFILE !== undefined;
  // The playground without an AWS: its own moto, so the accept flow runs for real on this machine.
  let ownAws: PlaygroundAws | undefined;
  let noAwsReason: string | undefined;
  if (!awsEndpoint && wantsPlaygroundAws(config)) {
    const started = await startPlaygroundAws();
    if ('unavailable' in started) noAwsReason = started.unavailable;
    else {
      ownAws = started;
      config = withAccepterRole(config);
    }
  }
  const aws = ownAws
    ? ownAws.client
    : awsEndpoint
      ? {
          endpoint: awsEndpoint,
          // moto accepts any key; without one the SDK would refuse to sign.
          ...(hasCredentials ? {} : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
        }
      : undefined;
  let bot: Awaited<ReturnType<typeof startLocalBot>>;
  try {
    bot = await startLocalBot({
      config,
      logger,
      ...(aws ? { aws } : {}),
      ...(ownAws
        ? playgroundAwsOptions(ownAws)
        : awsEndpoint
          ? {
              playgroundAws: {
                manual: `AWS is ${awsEndpoint}: peer a VPC of an account there; with ACCEPTER_ROLE_NAME set the bot accepts it, otherwise the thread shows the manual steps.`,
              },
            }
          : noAwsReason
            ? {
                playgroundAws: {
                  manual: `No AWS here (${noAwsReason}). After PENDING_PEER the thread shows the manual steps to accept in AWS; any 12-digit account and vpc-… id will do.`,
                },
              }
            : {}),
    });
  } catch (error) {
    await ownAws?.stop();
    throw error;
  }
  // The playground's URL comes first: it is what someone trying the bot opens next.
  const lines = bot.playground
    ? ['', `Playground: open ${bot.playground.url} to use vpc-peer as in Slack (local only).`, '']
    : [''];
  lines.push('vpc-peer is running.');
  lines.push(
    bot.aivenSandbox && !bot.playground
      ? `  Aiven: EMBEDDED SANDBOX (AIVEN_SANDBOX=true) at ${bot.aivenSandbox.url}: the peerings this Slack app shows are made up; unset AIVEN_SANDBOX and set AIVEN_API_TOKEN and AIVEN_ORGANIZATION_ID for the real API.`
      : bot.aivenSandbox
        ? `  Aiven: embedded sandbox at ${bot.aivenSandbox.url} (organization ${bot.organizationId}); set AIVEN_API_TOKEN and AIVEN_ORGANIZATION_ID to use the real API.`
        : `  Aiven: ${config.aiven.mode === 'api' ? config.aiven.apiUrl : ''} (organization ${bot.organizationId}).`,
  );
  if (ownAws) {
    const { team } = ownAws;
    lines.push(
      `  AWS: moto at ${ownAws.client.endpoint}, started for the playground (stops with it). To try "Accept in AWS",`,
      `       request a peering with AWS account ${team.accountId}, region ${team.region}, VPC ${team.vpcId}`,
      `       (${team.cidr}); the bot assumes role ${config.accept.roleName} there.`,
    );
  } else if (awsEndpoint) {
    lines.push(
      `  AWS: ${awsEndpoint}${bot.aivenSandbox ? ' (the Aiven sandbox makes its peering requests there too)' : ''}.`,
    );
  } else if (noAwsReason) {
    lines.push(
      `  AWS: none (${noAwsReason}).`,
      '       The threads show the manual steps to accept in AWS; with python3 and moto the bot accepts itself.',
    );
  }
  if (bot.playground) {
    lines.push(
      `  Slack: no app configured; the playground is the bot's Slack (Web API at ${bot.playground.slack.apiUrl}).`,
      `         Requests to ${bot.eventsUrl} must be signed with the signing secret ${bot.signingSecret}.`,
      `         Deletions are approved by ${config.approvalsRequired > 1 ? `${config.approvalsRequired} of ` : ''}${bot.playground.guide.approvers}${config.approvers.length > 0 ? '' : " (APPROVERS unset: the playground's approvers group)"}.`,
      '  For a real workspace: create the Slack app from manifest.yml and set SLACK_BOT_TOKEN and',
      '        SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode) - README "Create the Slack app".',
    );
  } else {
    lines.push(
      bot.eventsUrl
        ? `  Slack: requests are served at ${bot.eventsUrl}; expose it (e.g. a tunnel) and put the URL in manifest.yml.`
        : '  Slack: connected in Socket Mode. Type /vpc-peer in Slack.',
    );
  }
  lines.push(...policyLines(config.policy, config.policyFile));
  if (nodeNote) lines.push(nodeNote);
  process.stdout.write(`${lines.join('\n')}\n\n`);
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
    await ownAws?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  // A setting that only turns out wrong at start-up (e.g. a port in use) reads like any other.
  if (error instanceof ConfigError) {
    process.stderr.write(`vpc-peer cannot start.\n${error.message}\nSee README.md "Configuration".\n`);
    process.exit(2);
  }
  process.stderr.write(`vpc-peer failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
