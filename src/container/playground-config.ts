// The settings `npm start` gives the playground that a real Slack app never gets: defaults that make
// its flows work out of the box, and what its guide says when there is no moto for AWS.
import type { Config } from '../config';
import type { PlaygroundGuide } from '../sandbox/playground/protocol';
import { PLAYGROUND_APPROVERS, PLAYGROUND_NOTIFY_CHANNEL } from '../sandbox/playground/workspace';

export const NO_AWS: PlaygroundGuide['aws'] = {
  manual:
    'No moto here: after PENDING_PEER the thread shows the manual steps to accept in AWS. Any 12-digit account and vpc-… id will do.',
};

/**
 * The playground's settings: with no APPROVERS its approvers group approves, so a deletion can be
 * approved out of the box, and with no NOTIFY_CHANNEL peerings made outside the bot are announced in
 * its #announcements (only here: a real Slack app never gets these defaults).
 */
export function playgroundConfig(config: Config): Config {
  if (config.slack.mode === 'app') return config;
  return {
    ...config,
    approvers: config.approvers.length > 0 ? config.approvers : PLAYGROUND_APPROVERS,
    notifyChannelId: config.notifyChannelId ?? PLAYGROUND_NOTIFY_CHANNEL,
  };
}
