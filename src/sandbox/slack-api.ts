// A loopback stand-in for the Slack Web API (SLACK_API_URL) and for response_url posts. It records
// every call so tests can see exactly what Slack received. It is the playground's local Slack
// (./playground/server.ts) in lenient mode: tests' made-up channel, trigger and view ids are accepted.
import { type LocalSlack, type LocalSlackOptions, startLocalSlack } from './playground/server';

export type { ResponseUrlPost, SlackApiCall, SlackApiStandIn } from './playground/server';

export function startSlackApiStandIn(
  options: Pick<LocalSlackOptions, 'port' | 'host' | 'botToken'> = {},
): Promise<LocalSlack> {
  return startLocalSlack({ ...options, strict: false });
}
