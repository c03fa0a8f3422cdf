// Which Slack `npm start` talks to: the configured Slack app, else the playground (the local Slack
// page and its Web API stand-in), started here with a bot token and signing secret of its own.
import { randomBytes } from 'node:crypto';
import type { Config } from '../config';
import type { AivenSandbox } from '../sandbox/aiven-sandbox';
import { startPlayground } from '../sandbox/playground';
import type { PlaygroundGuide } from '../sandbox/playground/protocol';

/** No Slack app configured: the playground is this bot's Slack (a real Slack app never gets one). */
export async function resolveSlack(
  config: Config,
  options: {
    port: number;
    sandbox: AivenSandbox | undefined;
    aws: PlaygroundGuide['aws'];
    afterSandboxChange: () => Promise<unknown>;
  },
) {
  if (config.slack.mode === 'app') return { slack: config.slack };
  // Random per run: only someone who reads this process's output can sign requests or call the API.
  const botToken = `xoxb-local-${randomBytes(12).toString('hex')}`;
  const playground = await startPlayground({
    port: options.port,
    botToken,
    sandbox: options.sandbox,
    approvers: config.approvers,
    aws: options.aws,
    afterSandboxChange: options.afterSandboxChange,
  });
  return {
    playground,
    slack: {
      mode: 'app' as const,
      apiUrl: playground.slack.apiUrl,
      botToken,
      signingSecret: randomBytes(16).toString('hex'),
    },
  };
}
