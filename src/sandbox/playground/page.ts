// The playground page and its small JSON API: the state the page shows for the user it acts as,
// live updates (server-sent events) and the actions a person takes. Loopback only; the Host check
// keeps other web pages (DNS rebinding) from driving it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { COMMAND, COMMAND_DESCRIPTION, usageHint } from '../../slack/subcommands';
import type { PlaygroundAction, PlaygroundActionResult, PlaygroundGuide, PlaygroundState } from './protocol';
import type { SandboxControls } from './sandbox-controls';
import { type LocalSlack, sendJson } from './server';
import type { UiBundle } from './ui-bundle';

/** What Slack shows while someone types the command: manifest.yml's, from the same subcommand table. */
export const COMMAND_HINT = {
  name: COMMAND,
  usageHint: usageHint(),
  description: COMMAND_DESCRIPTION,
};

const HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>vpc-peer playground</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/playground/app.css"></head>
<body><div id="app"></div><script type="module" src="/playground/app.js"></script></body></html>`;

export interface PageDeps {
  slack: LocalSlack;
  bundle: UiBundle;
  sandbox: SandboxControls | undefined;
  guide: PlaygroundGuide;
  /**
   * Called after a sandbox control changed the sandbox: the bot looks at Aiven now instead of at its
   * next minute poll, so the thread shows the change while the person watches.
   */
  afterSandboxChange?: () => Promise<unknown>;
  /** How often the sandbox is looked at for changes while a page is open. */
  sandboxPollMs?: number;
}

export function makePageRoutes(deps: PageDeps) {
  const { slack, bundle, sandbox } = deps;
  const { workspace, views, interactions } = slack;
  const port = new URL(slack.baseUrl).port;
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);

  function stateFor(me: string): PlaygroundState {
    const channels = workspace.channels().filter((c) => !c.dmWith || c.dmWith === me);
    return {
      me,
      users: workspace.users(),
      channels,
      userGroups: workspace.userGroups(),
      messages: Object.fromEntries(channels.map((c) => [c.id, workspace.visibleTo(me, c.id)])),
      modals: views.stack(me),
      home: views.home(me),
      modalErrors: views.errorsOf(me),
      sandbox: sandbox?.summary(),
      guide: deps.guide,
      command: COMMAND_HINT,
      notices: workspace.notices(),
    };
  }

  function act(
    me: string,
    action: PlaygroundAction,
  ): Promise<PlaygroundActionResult> | PlaygroundActionResult {
    switch (action.kind) {
      case 'command':
        return interactions.command(me, action.channel, action.text, action.threadTs);
      case 'message': {
        if (!workspace.resolveChannel(action.channel)) return { ok: false, error: 'no such channel' };
        workspace.post({
          channel: action.channel,
          user: me,
          text: action.text,
          ...(action.threadTs ? { thread_ts: action.threadTs } : {}),
        });
        return { ok: true };
      }
      case 'submit-view':
        return interactions.submitView(me, action.viewId, action.values);
      case 'close-view':
        return interactions.closeView(me, action.viewId, action.all);
      case 'block-action':
        return interactions.blockAction(me, action.source, action.blockId, action.action);
      case 'suggest':
        return interactions.suggest(
          me,
          action.viewId,
          action.blockId,
          action.actionId,
          action.value,
          action.values,
        );
      case 'open-home':
        return interactions.openHome(me);
      case 'dismiss-notice':
        workspace.dismissNotice(action.id);
        return { ok: true };
      case 'dismiss-ephemeral': {
        const mine = workspace
          .visibleTo(me, action.channel)
          .find((m) => m.ts === action.ts && m.ephemeralFor === me);
        if (mine) workspace.remove(action.channel, mine.ts);
        return { ok: true };
      }
      default:
        return actOnSandbox(action);
    }
  }

  async function actOnSandbox(action: PlaygroundAction): Promise<PlaygroundActionResult> {
    if (!sandbox)
      return { ok: false, error: 'The bot uses the real Aiven API: there is no sandbox to control.' };
    let result: PlaygroundActionResult;
    if (action.kind === 'sandbox-advance') result = sandbox.advance(action.ms);
    else if (action.kind === 'sandbox-peering-state')
      result = sandbox.setPeerSideState(action.peeringId, action.state);
    else if (action.kind === 'sandbox-outside-peering') result = await sandbox.createOutsideBot(action);
    else if (action.kind === 'sandbox-extra-cidrs')
      result = await sandbox.setExtraCidrs(action.peeringId, action.cidrs);
    else result = { ok: false, error: `unknown action ${(action as { kind: string }).kind}` };
    // Answered once the bot has looked (a poll of the local sandbox takes milliseconds): the page
    // then shows the thread already moved.
    if (result.ok) await deps.afterSandboxChange?.();
    workspace.emit({ kind: 'sandbox' });
    return result;
  }

  const streams = new Set<ServerResponse>();
  workspace.onChange((change) => {
    for (const res of streams) res.write(`event: change\ndata: ${JSON.stringify(change)}\n\n`);
  });
  let lastSandbox = '';
  const poll = setInterval(() => {
    if (!sandbox || streams.size === 0) return;
    const now = JSON.stringify(sandbox.summary());
    if (now !== lastSandbox) workspace.emit({ kind: 'sandbox' });
    lastSandbox = now;
  }, deps.sandboxPollMs ?? 2000);
  poll.unref();

  /** A POST from the playground page: JSON, and (browsers always send it) from its own origin. */
  function sameOrigin(req: IncomingMessage): boolean {
    const json = (req.headers['content-type'] ?? '').startsWith('application/json');
    const origin = req.headers.origin;
    return json && (origin === undefined || allowedHosts.has(origin.replace(/^http:\/\//, '')));
  }

  function userParam(url: URL): string | undefined {
    const me = url.searchParams.get('user') ?? '';
    const user = workspace.userOf(me);
    return user && !user.isBot ? user.id : undefined;
  }

  return {
    stop() {
      clearInterval(poll);
      for (const res of streams) res.end();
    },
    async handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<boolean> {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const isPage = url.pathname === '/' || url.pathname.startsWith('/playground/');
      if (!isPage) return false;
      if (!allowedHosts.has(req.headers.host ?? '')) {
        sendJson(res, 403, { ok: false, error: 'The playground answers only on 127.0.0.1 and localhost.' });
        return true;
      }
      // Any web page open in the same browser could otherwise POST here (a "simple" text/plain request
      // needs no preflight) and act as someone, e.g. approve a deletion: only the page itself may act.
      if (req.method === 'POST' && !sameOrigin(req)) {
        sendJson(res, 403, { ok: false, error: 'Only the playground page may act in the playground.' });
        return true;
      }
      if (req.method === 'GET' && url.pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(HTML);
      } else if (url.pathname === '/playground/app.js' || url.pathname === '/playground/app.css') {
        const js = url.pathname.endsWith('.js');
        res.writeHead(200, {
          'content-type': js ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8',
        });
        res.end(js ? bundle.js : bundle.css);
      } else if (url.pathname === '/playground/api/stream') {
        res.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-cache',
          connection: 'keep-alive',
        });
        res.write('retry: 1000\n\n');
        streams.add(res);
        req.on('close', () => streams.delete(res));
      } else {
        const me = userParam(url);
        if (!me) sendJson(res, 400, { ok: false, error: 'user must be one of the people in the workspace' });
        else if (req.method === 'GET' && url.pathname === '/playground/api/state')
          sendJson(res, 200, stateFor(me));
        else if (req.method === 'POST' && url.pathname === '/playground/api/act')
          sendJson(res, 200, await act(me, JSON.parse(body) as PlaygroundAction));
        else sendJson(res, 404, { ok: false, error: 'not found' });
      }
      return true;
    },
  };
}
