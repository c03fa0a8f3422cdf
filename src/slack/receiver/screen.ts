// What a signed request body must look like before Bolt routes it. Bolt reads fields such as
// `body.ssl_check`, `body.user.id` and `body.view.callback_id` without checking them, so a signed
// `payload=null` or a view_submission without a view used to throw (HTTP 500, or a crashed process).
// The screen mirrors Bolt's routing (helpers.getTypeAndConversation) and checks what Bolt and the
// listeners read; anything else is answered 400 (not a Slack request) or 404 (nothing routes it).

export type SlackBody = Record<string, unknown>;

export type Screened =
  | { kind: 'request'; body: SlackBody; summary: RequestSummary }
  | { kind: 'url-verification'; challenge: string }
  /** A Slack request Bolt has no route for (e.g. `app_rate_limited`): no listener can answer it. */
  | { kind: 'unrouted'; summary: RequestSummary }
  /** Not a Slack request: `reason` says what was wrong, for the log. */
  | { kind: 'malformed'; reason: string };

/** What the log says about a request: its kind and the ids it routes on, never its content. */
export interface RequestSummary {
  requestType: string;
  routeId?: string;
}

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string';
/** Absent, or an object (Bolt reads a property of it whenever it is present and not null). */
const objectOrAbsent = (value: unknown) => value === undefined || value === null || isRecord(value);
/** Routing ids are short; a 100 KB "action_id" is not Slack's. */
const isId = (value: unknown): value is string => isText(value) && value.length > 0 && value.length <= 255;

/** The media type without parameters (`application/json; charset=utf-8` -> `application/json`). */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Slack's SSL check: a form with ssl_check=1, sent unsigned. */
export function isSslCheck(rawBody: string, contentType: string | undefined): boolean {
  return mediaType(contentType) === FORM && new URLSearchParams(rawBody).get('ssl_check') === '1';
}

export function screenSlackRequest(rawBody: string, contentType: string | undefined): Screened {
  const type = mediaType(contentType);
  if (type === FORM) return screenForm(rawBody);
  if (type === JSON_TYPE) return screenJson(rawBody);
  return {
    kind: 'malformed',
    reason: `content-type ${type || '(none)'} is neither ${FORM} nor ${JSON_TYPE}`,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function screenForm(rawBody: string): Screened {
  const form = new URLSearchParams(rawBody);
  const names = [...form.keys()];
  if (new Set(names).size !== names.length) return { kind: 'malformed', reason: 'a form field is repeated' };
  const fields = Object.fromEntries(form);
  if (fields.payload !== undefined) {
    const payload = parseJson(fields.payload);
    if (!isRecord(payload)) return { kind: 'malformed', reason: 'payload is not a JSON object' };
    return screenInteraction(payload);
  }
  if (fields.command !== undefined) return screenCommand(fields);
  return { kind: 'malformed', reason: 'a form with neither payload nor command' };
}

function screenCommand(fields: Record<string, string>): Screened {
  for (const name of ['command', 'user_id', 'channel_id', 'trigger_id'] as const) {
    if (!isId(fields[name])) return { kind: 'malformed', reason: `slash command without ${name}` };
  }
  for (const name of ['text', 'response_url'] as const) {
    if (fields[name] === undefined) return { kind: 'malformed', reason: `slash command without ${name}` };
  }
  return {
    kind: 'request',
    body: fields,
    summary: { requestType: 'slash_command', routeId: fields.command as string },
  };
}

function screenJson(rawBody: string): Screened {
  const body = parseJson(rawBody);
  if (!isRecord(body)) return { kind: 'malformed', reason: 'body is not a JSON object' };
  if (body.type === 'url_verification') {
    return isText(body.challenge)
      ? { kind: 'url-verification', challenge: body.challenge }
      : { kind: 'malformed', reason: 'url_verification without challenge' };
  }
  if (body.event !== undefined || body.type === 'event_callback') return screenEvent(body);
  if (isId(body.type)) return { kind: 'unrouted', summary: { requestType: body.type } };
  return { kind: 'malformed', reason: 'JSON body without type' };
}

/** Events API: Bolt reads event.type, event.user, event.channel, event.item and authorizations[0]. */
function screenEvent(body: SlackBody): Screened {
  const { event } = body;
  if (!isRecord(event) || !isId(event.type))
    return { kind: 'malformed', reason: 'event_callback without event.type' };
  const userOk = event.user === undefined || isText(event.user) || isRecord(event.user);
  const channelOk = event.channel === undefined || isText(event.channel) || isRecord(event.channel);
  const itemOk = event.item === undefined || isRecord(event.item);
  const subteamOk = event.subteam === undefined || isRecord(event.subteam);
  const authorizations = body.authorizations;
  const authorizationsOk =
    authorizations === undefined ||
    (Array.isArray(authorizations) && (authorizations.length === 0 || isRecord(authorizations[0])));
  if (!(userOk && channelOk && itemOk && subteamOk && authorizationsOk))
    return { kind: 'malformed', reason: `event ${event.type} with a field of the wrong shape` };
  return { kind: 'request', body, summary: { requestType: 'event_callback', routeId: event.type } };
}

/** The route Bolt picks for an interactive payload, in Bolt's order. */
function boltRoute(payload: SlackBody): 'options' | 'action' | 'shortcut' | 'view' | undefined {
  const { type } = payload;
  if (payload.name !== undefined || type === 'block_suggestion') return 'options';
  if (payload.actions !== undefined || type === 'dialog_submission') return 'action';
  if (type === 'shortcut' || type === 'message_action') return 'shortcut';
  if (type === 'view_submission' || type === 'view_closed') return 'view';
  return undefined;
}

/** Interactivity: a JSON `payload` (buttons, modals, options, shortcuts). */
function screenInteraction(payload: SlackBody): Screened {
  if (!isId(payload.type)) return { kind: 'malformed', reason: 'payload without type' };
  const requestType = payload.type;
  // Bolt would route these as an event or a command, reading fields a payload never has.
  if (payload.event !== undefined || payload.command !== undefined)
    return { kind: 'malformed', reason: `${requestType} payload with event or command` };
  const route = boltRoute(payload);
  if (!route) return { kind: 'unrouted', summary: { requestType } };
  const malformed = (what: string): Screened => ({ kind: 'malformed', reason: `${requestType} ${what}` });
  const { user } = payload;
  if (!isRecord(user) || !isId(user.id)) return malformed('without user.id');
  for (const name of ['team', 'enterprise', 'channel', 'container', 'message', 'function_data'] as const) {
    if (!objectOrAbsent(payload[name])) return malformed(`with ${name} that is not an object`);
  }
  if (isRecord(payload.channel) && !isId(payload.channel.id)) return malformed('with channel without id');

  if (route === 'options') {
    if (!isText(payload.value ?? '')) return malformed('with a value that is not text');
    return request(payload, requestType, payload.action_id ?? payload.name);
  }
  if (route === 'action') {
    if (payload.actions === undefined) return request(payload, requestType, payload.callback_id);
    const { actions } = payload;
    if (!Array.isArray(actions) || actions.length === 0) return malformed('without actions');
    if (!actions.every((action) => isRecord(action) && isId(action.action_id) && isId(action.type)))
      return malformed('with an action without action_id or type');
    if (!isId(payload.trigger_id)) return malformed('without trigger_id');
    if (payload.view !== undefined && !isView(payload.view)) return malformed('with a view without id');
    return request(payload, requestType, (actions[0] as SlackBody).action_id);
  }
  if (route === 'shortcut') {
    if (!isId(payload.callback_id) || !isId(payload.trigger_id))
      return malformed('without callback_id or trigger_id');
    return request(payload, requestType, payload.callback_id);
  }
  const { view } = payload;
  if (!isView(view) || !isId(view.callback_id)) return malformed('without view.id or view.callback_id');
  if (requestType === 'view_submission') {
    if (!isRecord(view.state) || !isRecord(view.state.values)) return malformed('without view.state.values');
    if (!isText(view.private_metadata ?? '')) return malformed('with private_metadata that is not text');
  }
  return request(payload, requestType, view.callback_id);
}

const isView = (view: unknown): view is SlackBody & { id: string } => isRecord(view) && isId(view.id);

function request(body: SlackBody, requestType: string, routeId: unknown): Screened {
  return { kind: 'request', body, summary: { requestType, ...(isId(routeId) ? { routeId } : {}) } };
}
