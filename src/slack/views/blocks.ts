// Tiny Block Kit helpers: escaping and truncation to Slack's documented limits, so no builder
// can produce a message Slack refuses.
import type { KnownBlock, PlainTextElement } from '@slack/types';

export const LIMITS = {
  sectionText: 3000,
  plainOption: 75,
  modalTitle: 24,
} as const;

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function plain(text: string, max: number = LIMITS.sectionText): PlainTextElement {
  return { type: 'plain_text', text: truncate(text, max), emoji: true };
}

export function section(mrkdwn: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(mrkdwn, LIMITS.sectionText) } };
}

export function context(...mrkdwn: string[]): KnownBlock {
  return {
    type: 'context',
    elements: mrkdwn.map((text) => ({ type: 'mrkdwn', text: truncate(text, 2000) })),
  };
}
