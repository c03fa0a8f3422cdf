// A message the bot posts: what every Block Kit builder in views/ returns. Its own module so that
// builders can name it without importing each other (peering-message.ts re-exports it).
import type { KnownBlock } from '@slack/types';

export interface SlackMessage {
  /** Fallback text: notifications and screen readers use it. */
  text: string;
  blocks: KnownBlock[];
}
