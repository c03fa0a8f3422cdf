// Malformed Slack requests, generated from a seed (the same seed gives the same bodies): JSON null,
// arrays and numbers as payloads, truncated JSON, each payload type with fields missing or of the
// wrong kind, 100 KB strings, odd Unicode, empty bodies, forms with neither payload nor command,
// unknown types and wrong content types. Each is signed by the caller, as Slack would sign it.

export interface FuzzRequest {
  /** What was done to the body, for the failure message. */
  name: string;
  body: string;
  contentType: string;
}

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

/** mulberry32: small, fast and good enough to pick mutations. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HUGE = 'x'.repeat(100 * 1024);
const ODD_UNICODE = [
  '\u0000',
  '\ud800', // a lone surrogate
  '\u202e\u0645\u0631\u062d\u0628\u0627', // right-to-left override, Arabic
  '\u200b\u200d\ufeff', // zero-width characters and a BOM
  '👩🏽‍💻🇪🇺'.repeat(50),
  'Z\u0351\u0353\u0355\u0357'.repeat(200), // stacked combining marks
  '\uffff\ufffe',
  '<@U0ALICE> <!channel> *bold* `code`',
];

const user = { id: 'U0ALICE', username: 'alice', name: 'alice', team_id: 'T0SANDBOX' };
const team = { id: 'T0SANDBOX', domain: 'sandbox' };
const view = (callbackId: string, values: Record<string, unknown>) => ({
  id: 'V0FUZZ0001',
  team_id: 'T0SANDBOX',
  type: 'modal',
  callback_id: callbackId,
  private_metadata: '{"channelId":"C0PLATFORM"}',
  hash: 'h',
  blocks: [],
  state: { values },
});

/**
 * One of each kind of interactive payload, as Slack sends them. The create form's values are never
 * valid (account "not-an-account"), so no mutation can turn one into a real request to Aiven.
 */
const PAYLOADS: Record<string, Record<string, unknown>> = {
  block_actions: {
    type: 'block_actions',
    user,
    team,
    api_app_id: 'A0VPCPEER',
    trigger_id: '1.fuzz',
    container: { type: 'message', message_ts: '1.000001', channel_id: 'C0PLATFORM' },
    channel: { id: 'C0PLATFORM', name: 'platform' },
    message: { type: 'message', ts: '1.000001', text: 'x', blocks: [] },
    response_url: 'http://127.0.0.1:9/nowhere',
    actions: [
      { type: 'button', action_id: 'deletion_approve', block_id: 'b', value: 'del-unknown', action_ts: '1' },
    ],
  },
  view_submission_create: {
    type: 'view_submission',
    user,
    team,
    trigger_id: '1.fuzz',
    view: view('create_peering', {
      org_vpc: { org_vpc: { type: 'static_select', selected_option: { value: 'nope' } } },
      aws_account_id: { aws_account_id: { type: 'plain_text_input', value: 'not-an-account' } },
    }),
  },
  view_submission_delete: {
    type: 'view_submission',
    user,
    team,
    trigger_id: '1.fuzz',
    view: view('delete_peering', { peering: { peering: { type: 'static_select', selected_option: null } } }),
  },
  view_closed: { type: 'view_closed', user, team, view: view('create_peering', {}), is_cleared: false },
  block_suggestion: {
    type: 'block_suggestion',
    user,
    team,
    action_id: 'org_vpc',
    block_id: 'org_vpc',
    value: 'pro',
    view: view('create_peering', {}),
  },
  shortcut: { type: 'shortcut', user, team, callback_id: 'peer_vpc', trigger_id: '1.fuzz' },
  message_action: {
    type: 'message_action',
    user,
    team,
    callback_id: 'peer_vpc',
    trigger_id: '1.fuzz',
    channel: { id: 'C0PLATFORM' },
    message: { ts: '1.000001', text: 'x' },
  },
  dialog_submission: { type: 'dialog_submission', user, team, callback_id: 'old', submission: {} },
  interactive_message: { type: 'interactive_message', user, team, actions: [{ name: 'x', type: 'button' }] },
  workflow_step_edit: { type: 'workflow_step_edit', user, team, callback_id: 'step', trigger_id: '1.fuzz' },
  frobnicate: { type: 'frobnicate', user, team },
};

const EVENTS: Record<string, Record<string, unknown>> = {
  app_home_opened: {
    type: 'event_callback',
    team_id: 'T0SANDBOX',
    api_app_id: 'A0VPCPEER',
    event_id: 'Ev0FUZZ',
    event: { type: 'app_home_opened', user: 'U0ALICE', channel: 'D0ALICE', tab: 'home', event_ts: '1.0' },
    authorizations: [{ team_id: 'T0SANDBOX', user_id: 'U0BOT', is_bot: true }],
  },
  reaction_added: {
    type: 'event_callback',
    team_id: 'T0SANDBOX',
    event: { type: 'reaction_added', user: 'U0ALICE', item: { type: 'message', channel: 'C0PLATFORM' } },
  },
  url_verification: { type: 'url_verification', challenge: 'abc', token: 'x' },
  app_rate_limited: { type: 'app_rate_limited', minute_rate_limited: 1, team_id: 'T0SANDBOX' },
};

const COMMAND: Record<string, string> = {
  token: 'x',
  team_id: 'T0SANDBOX',
  channel_id: 'C0PLATFORM',
  user_id: 'U0ALICE',
  command: '/vpc-peer',
  text: 'help',
  response_url: 'http://127.0.0.1:9/nowhere',
  trigger_id: '1.fuzz',
};

const FIXED: FuzzRequest[] = [
  { name: 'empty body', body: '', contentType: FORM },
  { name: 'empty JSON body', body: '', contentType: JSON_TYPE },
  { name: 'form with neither payload nor command', body: 'foo=bar&baz=1', contentType: FORM },
  { name: 'empty payload', body: 'payload=', contentType: FORM },
  { name: 'payload without =', body: 'payload', contentType: FORM },
  { name: 'empty command', body: 'command=', contentType: FORM },
  { name: 'ssl_check=0', body: 'ssl_check=0', contentType: FORM },
  { name: 'repeated payload', body: 'payload=%7B%7D&payload=null', contentType: FORM },
  { name: 'JSON null body', body: 'null', contentType: JSON_TYPE },
  { name: 'JSON array body', body: '[]', contentType: JSON_TYPE },
  { name: 'JSON number body', body: '42', contentType: JSON_TYPE },
  { name: 'JSON body without type', body: '{"event":null}', contentType: JSON_TYPE },
  { name: 'event is null', body: '{"type":"event_callback","event":null}', contentType: JSON_TYPE },
  { name: 'text/plain', body: 'hello', contentType: 'text/plain' },
  { name: 'no content-type', body: '{"type":"url_verification","challenge":"x"}', contentType: '' },
  { name: 'form sent as JSON', body: 'payload=null', contentType: JSON_TYPE },
  { name: 'binary garbage', body: '\u0000\u0001\u00ff\ud800garbage', contentType: FORM },
];

const RAW_PAYLOADS = [
  'null',
  '[]',
  '0',
  '-1.5e308',
  'true',
  '"block_actions"',
  '{}',
  '{"type":null}',
  '[{}]',
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function weirdValue(random: () => number): unknown {
  return pick(random, [
    null,
    [],
    {},
    42,
    -0,
    true,
    '',
    HUGE,
    pick(random, ODD_UNICODE),
    [[[null]]],
    { id: null },
  ]);
}

/** Paths of every field of an object, to pick one to change (depth-limited). */
function paths(value: unknown, prefix: string[] = [], depth = 0): string[][] {
  if (depth > 4 || typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => [
    [...prefix, key],
    ...paths(child, [...prefix, key], depth + 1),
  ]);
}

function mutate(template: Record<string, unknown>, random: () => number): { object: unknown; what: string } {
  const object = structuredClone(template) as Record<string, unknown>;
  const changes: string[] = [];
  const count = 1 + Math.floor(random() * 3);
  for (let i = 0; i < count; i++) {
    const all = paths(object);
    if (all.length === 0) break;
    const path = pick(random, all);
    let parent = object as Record<string, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
    const last = path.at(-1) as string;
    if (random() < 0.5) {
      delete parent[last];
      changes.push(`without ${path.join('.')}`);
    } else {
      const value = weirdValue(random);
      parent[last] = value;
      changes.push(
        `${path.join('.')}=${typeof value === 'string' ? `"${value.slice(0, 12)}"(${value.length})` : JSON.stringify(value)}`,
      );
    }
  }
  return { object, what: changes.join(', ') };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

export function malformedSlackRequests(count: number, seed: number): FuzzRequest[] {
  const random = seededRandom(seed);
  const requests: FuzzRequest[] = [...FIXED];
  while (requests.length < count) {
    const kind = random();
    if (kind < 0.1) {
      const raw = pick(random, RAW_PAYLOADS);
      requests.push({ name: `payload ${raw}`, body: form({ payload: raw }), contentType: FORM });
    } else if (kind < 0.2) {
      const [name, template] = pick(random, Object.entries(PAYLOADS));
      const text = JSON.stringify(template);
      const cut = Math.floor(random() * text.length);
      requests.push({
        name: `${name} truncated at ${cut}`,
        body: form({ payload: text.slice(0, cut) }),
        contentType: FORM,
      });
    } else if (kind < 0.65) {
      const [name, template] = pick(random, Object.entries(PAYLOADS));
      const { object, what } = mutate(template, random);
      requests.push({
        name: `${name} ${what}`,
        body: form({ payload: JSON.stringify(object) }),
        contentType: FORM,
      });
    } else if (kind < 0.8) {
      const [name, template] = pick(random, Object.entries(EVENTS));
      const { object, what } = mutate(template, random);
      requests.push({ name: `${name} ${what}`, body: JSON.stringify(object), contentType: JSON_TYPE });
    } else {
      // Slash commands: fields missing, or texts no one would type.
      const fields = { ...COMMAND };
      const name = pick(random, Object.keys(fields));
      const change = random();
      if (change < 0.4) delete fields[name];
      else if (change < 0.7) fields[name] = pick(random, [HUGE, ...ODD_UNICODE]);
      else
        fields.text = `${pick(random, ['', 'delete ', 'status ', 'list ', 'help '])}${pick(random, ODD_UNICODE)}`;
      const what = change < 0.4 ? `without ${name}` : change < 0.7 ? `odd ${name}` : 'odd text';
      requests.push({ name: `slash command ${what}`, body: form(fields), contentType: FORM });
    }
  }
  return requests;
}
