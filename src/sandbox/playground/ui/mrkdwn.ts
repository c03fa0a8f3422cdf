// Slack's mrkdwn to safe HTML: *bold*, _italic_, ~strike~, `code`, ```blocks```, > quotes, links
// <url|text>, mentions <@U…> <#C…> <!subteam^S…> <!here>, and emoji shortcodes. Everything else is
// escaped text, so a message can never inject markup into the page.
import type { PlaygroundState } from '../protocol';

const EMOJI: Record<string, string> = {
  x: '❌',
  white_check_mark: '✅',
  warning: '⚠️',
  hourglass_flowing_sand: '⏳',
  hourglass: '⌛',
  raised_hand: '✋',
  wastebasket: '🗑️',
  question: '❓',
  no_entry: '⛔',
  lock: '🔒',
  tada: '🎉',
  rocket: '🚀',
  link: '🔗',
  eyes: '👀',
  thumbsup: '👍',
  '+1': '👍',
  heavy_check_mark: '✔️',
  hand: '✋',
  stop_sign: '🛑',
  information_source: 'ℹ️',
  gear: '⚙️',
  bell: '🔔',
  clock3: '🕒',
  large_green_circle: '🟢',
  red_circle: '🔴',
  large_yellow_circle: '🟡',
  arrows_counterclockwise: '🔄',
  ok: '🆗',
  no_entry_sign: '🚫',
  key: '🔑',
  bust_in_silhouette: '👤',
  busts_in_silhouette: '👥',
  mag: '🔍',
  memo: '📝',
  building_construction: '🏗️',
  page_facing_up: '📄',
  pencil2: '✏️',
  inbox_tray: '📥',
  outbox_tray: '📤',
  heavy_plus_sign: '➕',
  wave: '👋',
  construction: '🚧',
  snowflake: '❄️',
  zap: '⚡',
  boom: '💥',
  cloud: '☁️',
  electric_plug: '🔌',
  handshake: '🤝',
  alarm_clock: '⏰',
  ballot_box_with_check: '☑️',
  clipboard: '📋',
  leftwards_arrow_with_hook: '↩️',
  repeat: '🔁',
  robot_face: '🤖',
  wrench: '🔧',
};

export function emoji(name: string): string | undefined {
  return EMOJI[name];
}

/** Escapes text that may already hold Slack's entities (&amp; &lt; &gt;) without doubling them. */
function escapeHtml(text: string): string {
  return text
    .replace(/&(?!(amp|lt|gt);)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** `<!date^epoch^{date_short_pretty} {time}|fallback>`: the date in the reader's time zone, as Slack shows it. */
function formatDate(target: string, fallback: string | undefined): string {
  const [, epoch = '', format = ''] = target.split('^');
  const when = new Date(Number(epoch) * 1000);
  if (!/^\d+$/.test(epoch) || Number.isNaN(when.getTime())) return escapeHtml(fallback ?? target);
  const day = (d: Date) => d.toDateString();
  const today = new Date();
  const pretty = (long: boolean) => {
    const offset = Math.round((when.getTime() - today.getTime()) / 86_400_000);
    if (day(when) === day(today)) return 'Today';
    if (offset <= 0 && offset >= -1) return 'Yesterday';
    if (offset >= 0 && offset <= 1) return 'Tomorrow';
    return when.toLocaleDateString('en-US', {
      month: long ? 'long' : 'short',
      day: 'numeric',
      year: 'numeric',
    });
  };
  const parts: Record<string, () => string> = {
    date_num: () => when.toISOString().slice(0, 10),
    date: () => when.toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric' }),
    date_short: () => when.toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric' }),
    date_long: () =>
      when.toLocaleDateString('en-US', { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }),
    date_pretty: () => pretty(true),
    date_short_pretty: () => pretty(false),
    date_long_pretty: () => pretty(true),
    time: () => when.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' }),
    time_secs: () => when.toLocaleTimeString('en-US'),
  };
  const text = format.replace(/\{(\w+)\}/g, (whole, name: string) => parts[name]?.() ?? whole);
  return `<time datetime="${escapeHtml(when.toISOString())}">${escapeHtml(text)}</time>`;
}

/**
 * A Slack message link (`https://slack.com/archives/C0123/p1712345678123456`, or a workspace's
 * `https://acme.slack.com/...`, with `?thread_ts=` for a reply): its channel and the thread to open.
 */
export function slackThreadOf(url: string): { channel: string; ts: string } | undefined {
  const match =
    /^https:\/\/(?:[a-z0-9-]+\.)?slack\.com\/archives\/([A-Z0-9]+)\/p(\d{10})(\d{6})(?:\?(.*))?$/.exec(url);
  if (!match) return undefined;
  const [, channel = '', seconds, micros, query] = match;
  const threadTs = new URLSearchParams(query ?? '').get('thread_ts');
  return { channel, ts: threadTs ?? `${seconds}.${micros}` };
}

type Names = Pick<PlaygroundState, 'users' | 'channels' | 'userGroups'>;

function special(token: string, names: Names): string {
  const [target = '', label] = token.split('|', 2);
  if (target.startsWith('@')) {
    const user = names.users.find((u) => u.id === target.slice(1));
    return `<span class="mention">@${escapeHtml(user?.name ?? label ?? target.slice(1))}</span>`;
  }
  if (target.startsWith('#')) {
    const channel = names.channels.find((c) => c.id === target.slice(1));
    return `<span class="mention">#${escapeHtml(channel?.name ?? label ?? target.slice(1))}</span>`;
  }
  if (target.startsWith('!subteam^')) {
    const group = names.userGroups.find((g) => g.id === target.slice('!subteam^'.length));
    return `<span class="mention">${escapeHtml(label ?? `@${group?.handle ?? 'group'}`)}</span>`;
  }
  if (target.startsWith('!date^')) return formatDate(target, label);
  if (target.startsWith('!'))
    return `<span class="mention">@${escapeHtml(target.slice(1).split('^')[0] ?? '')}</span>`;
  const thread = slackThreadOf(target);
  if (thread) {
    // A link to a Slack message opens it in the page, as Slack's client does: never to slack.com.
    const href = `?${new URLSearchParams({ channel: thread.channel, thread: thread.ts })}`;
    return `<a href="${escapeHtml(href)}" data-channel="${escapeHtml(thread.channel)}" data-thread="${escapeHtml(thread.ts)}">${escapeHtml(label ?? target)}</a>`;
  }
  if (/^(https?:|mailto:)/.test(target)) {
    return `<a href="${escapeHtml(target)}" target="_blank" rel="noopener noreferrer">${escapeHtml(label ?? target)}</a>`;
  }
  return escapeHtml(`<${token}>`);
}

function inline(text: string, names: Names): string {
  // Split off `code` and <tokens> first: nothing inside them is formatted.
  return text
    .split(/(`[^`\n]+`|<[^<>\n]+>)/g)
    .map((part, index) => {
      if (index % 2 === 1) {
        return part.startsWith('`')
          ? `<code>${escapeHtml(part.slice(1, -1))}</code>`
          : special(part.slice(1, -1), names);
      }
      return escapeHtml(part)
        .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/g, '$1<b>$2</b>')
        .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,:;!?])/g, '$1<i>$2</i>')
        .replace(/(^|[\s(])~([^~\n]+)~(?=$|[\s).,:;!?])/g, '$1<s>$2</s>')
        .replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => EMOJI[name] ?? whole);
    })
    .join('');
}

export function mrkdwnToHtml(text: string, names: Names): string {
  return text
    .split(/(```[\s\S]*?```)/g)
    .map((part, index) => {
      if (index % 2 === 1) return `<pre>${escapeHtml(part.slice(3, -3).replace(/^\n/, ''))}</pre>`;
      return part
        .split('\n')
        .map((line) =>
          line.startsWith('&gt; ') || line.startsWith('> ')
            ? `<blockquote>${inline(line.replace(/^(&gt;|>) /, ''), names)}</blockquote>`
            : inline(line, names),
        )
        .join('<br>')
        .replace(/<\/blockquote><br>/g, '</blockquote>');
    })
    .join('');
}

/** plain_text with emoji: true shows shortcodes as emoji too. */
export function plainToHtml(text: string, withEmoji = true): string {
  const escaped = escapeHtml(text);
  return withEmoji
    ? escaped.replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => EMOJI[name] ?? whole)
    : escaped;
}
