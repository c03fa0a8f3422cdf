// A recording proxy in front of moto, at the network edge: the bot's STS, EC2 and RAM calls pass
// through it, tests read which actions were sent and can make AWS refuse one (with EC2's XML error
// shape). RAM speaks JSON at a path per action (POST /disassociateresourceshare): its calls are
// recorded under the action's name too, with the JSON body as `json`.
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AwsCall {
  action: string;
  /** The form body of a query call (EC2, STS); a REST call's query string. */
  params: URLSearchParams;
  /** The JSON body of a REST call (RAM). */
  json?: unknown;
  /** What moto answered (XML), once it has. */
  response?: string;
  /** Held by holdNext: the caller never got an answer. */
  held?: boolean;
}

export interface AwsRefusalRule {
  action: string;
  /** Only calls whose parameters include all of these. */
  where?: Record<string, string>;
  code: string;
  message: string;
  times?: number;
  /** HTTP status: 400 (default) is AWS refusing; 5xx is AWS failing. */
  status?: number;
}

export interface AwsHoldRule {
  action: string;
  /** Let this many matching calls through first. */
  after?: number;
  /** Pass the call to moto first (AWS acted, its answer is lost); otherwise AWS never sees it. */
  forward?: boolean;
}

/**
 * Answers an action with what `answer` makes of moto's answer: for a call moto lacks (it answers 500),
 * an AWS response shape recorded from the API reference, or a state moto never shows.
 */
export interface AwsAnswerRule {
  action: string;
  answer(moto: { status: number; body: string }, params: URLSearchParams): { status: number; body: string };
}

export interface AwsProxy {
  url: string;
  calls: AwsCall[];
  actions(name: string): AwsCall[];
  refuseNext(rule: AwsRefusalRule): void;
  /** The next matching call is never answered (kill tests pause the bot there). */
  holdNext(rule: AwsHoldRule): void;
  /** Every matching call from now on is answered by the rule (until clearRules); the latest rule for an action wins. */
  answerWith(rule: AwsAnswerRule): void;
  clearRules(): void;
  close(): Promise<void>;
}

/** RAM's actions by their path (the API reference's "POST /disassociateresourceshare"). */
const RAM_ACTIONS = [
  'AssociateResourceShare',
  'CreateResourceShare',
  'DeleteResourceShare',
  'DisassociateResourceShare',
  'GetResourceShareAssociations',
  'GetResourceShares',
];
const restAction = (path: string) =>
  RAM_ACTIONS.find((action) => `/${action.toLowerCase()}` === path.toLowerCase()) ?? path;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startAwsProxy(target: string): Promise<AwsProxy> {
  const calls: AwsCall[] = [];
  const rules: (AwsRefusalRule & { left: number })[] = [];
  const holds: (AwsHoldRule & { passed: number })[] = [];
  const answers: AwsAnswerRule[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://proxy');
      const isJson = /json/.test(req.headers['content-type'] ?? '') || url.pathname !== '/';
      const params = isJson ? url.searchParams : new URLSearchParams(body.toString('utf8'));
      const action = isJson ? restAction(url.pathname) : (params.get('Action') ?? '');
      const call: AwsCall = { action, params };
      if (isJson && body.length > 0) call.json = JSON.parse(body.toString('utf8'));
      calls.push(call);
      const rule = rules.find(
        (r) =>
          r.left > 0 &&
          r.action === action &&
          Object.entries(r.where ?? {}).every(([k, v]) => params.get(k) === v),
      );
      if (rule) {
        rule.left -= 1;
        if (isJson) {
          // RAM's error shape: the code in a header and in the JSON body.
          res.writeHead(rule.status ?? 400, {
            'content-type': 'application/json',
            'x-amzn-errortype': rule.code,
          });
          res.end(JSON.stringify({ __type: rule.code, message: rule.message }));
          return;
        }
        res.writeHead(rule.status ?? 400, { 'content-type': 'text/xml' });
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${rule.code}</Code><Message>${rule.message}</Message></Error></Errors><RequestID>proxy-1</RequestID></Response>`,
        );
        return;
      }
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(req.headers)) {
        if (typeof value === 'string' && key !== 'host' && key !== 'content-length') headers[key] = value;
      }
      const holdIndex = holds.findIndex((h) => h.action === action);
      const hold = holds[holdIndex];
      if (hold && hold.passed < (hold.after ?? 0)) hold.passed += 1;
      else if (hold) {
        holds.splice(holdIndex, 1);
        call.held = true;
        if (hold.forward) {
          const forwarded = await fetch(`${target}${req.url ?? '/'}`, {
            method: req.method ?? 'POST',
            headers,
            body,
          });
          call.response = await forwarded.text();
        }
        return; // never answered: the socket stays open until the caller dies or close() runs
      }
      const answer = await fetch(`${target}${req.url ?? '/'}`, {
        method: req.method ?? 'POST',
        headers,
        body,
      });
      const text = Buffer.from(await answer.arrayBuffer());
      // The latest rule for an action wins: a test can override a file-wide one.
      const rewrite = answers.findLast((a) => a.action === action);
      if (rewrite) {
        const made = rewrite.answer({ status: answer.status, body: text.toString('utf8') }, params);
        call.response = made.body;
        res.writeHead(made.status, { 'content-type': isJson ? 'application/json' : 'text/xml' });
        res.end(made.body);
        return;
      }
      call.response = text.toString('utf8');
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/xml' });
      res.end(text);
    })().catch((error: unknown) => {
      res.writeHead(502);
      res.end(String(error));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    actions: (name) => calls.filter((c) => c.action === name),
    refuseNext(rule) {
      rules.push({ ...rule, left: rule.times ?? 1 });
    },
    holdNext(rule) {
      holds.push({ ...rule, passed: 0 });
    },
    answerWith(rule) {
      answers.push(rule);
    },
    clearRules() {
      rules.length = 0;
      holds.length = 0;
      answers.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
