// The playground: a Slack-like page on loopback, backed by the local Slack (strict, like Slack), that
// talks to the bot with signed requests. `npm start` runs it when no Slack app is configured.
import { ConfigError } from '../../config';
import type { BotConnection } from './interactions';
import { makePageRoutes } from './page';
import type { PlaygroundGuide } from './protocol';
import { makeSandboxControls, type SandboxHandle } from './sandbox-controls';
import { type LocalSlack, startLocalSlack } from './server';
import { buildUiBundle } from './ui-bundle';

export interface Playground {
  /** The page, e.g. http://127.0.0.1:3001/ */
  url: string;
  slack: LocalSlack;
  /** What the page tells someone trying the bot (the start-up output says it too). */
  guide: PlaygroundGuide;
  connectBot(connection: BotConnection): void;
  close(): Promise<void>;
}

export async function startPlayground(options: {
  port: number;
  botToken: string;
  /** The embedded Aiven sandbox, for the page's sandbox controls (none when the real API is used). */
  sandbox: SandboxHandle | undefined;
  /** APPROVERS (user and user group ids), shown on the page by name. */
  approvers: string[];
  aws: PlaygroundGuide['aws'];
  /** Runs after a sandbox control changed the sandbox (the bot polls Aiven at once). */
  afterSandboxChange?: () => Promise<unknown>;
  sandboxPollMs?: number;
}): Promise<Playground> {
  const bundle = await buildUiBundle();
  // Loopback only: the page lets anyone who reaches it act as any user of the workspace.
  let slack: LocalSlack;
  try {
    slack = await startLocalSlack({
      port: options.port,
      host: '127.0.0.1',
      strict: true,
      botToken: options.botToken,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new ConfigError([
      `PLAYGROUND_PORT: port ${options.port} is already in use (another npm start?); set a free port, e.g. PLAYGROUND_PORT=${options.port + 1}`,
    ]);
  }
  const guide: PlaygroundGuide = { approvers: slack.workspace.describe(options.approvers), aws: options.aws };
  const page = makePageRoutes({
    slack,
    bundle,
    sandbox: options.sandbox ? makeSandboxControls(options.sandbox) : undefined,
    guide,
    ...(options.afterSandboxChange ? { afterSandboxChange: options.afterSandboxChange } : {}),
    ...(options.sandboxPollMs ? { sandboxPollMs: options.sandboxPollMs } : {}),
  });
  slack.setExtraRoutes(page.handle);
  return {
    url: `${slack.baseUrl}/`,
    slack,
    guide,
    connectBot: (connection) => slack.connectBot(connection),
    async close() {
      page.stop();
      await slack.close();
    },
  };
}
