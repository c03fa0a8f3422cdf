// One Slack request, from raw bytes to the HTTP answer: the same steps for `npm start` (http.ts) and
// Lambda (lambda.ts). Whatever the input, the answer comes within Slack's 3 seconds with a status
// below 500, is logged, and nothing escapes to take the process down:
//   ssl_check -> 200; bad signature -> 401; not a Slack request -> 400 (screen.ts);
//   url_verification -> the challenge; no listener acks -> 404 as soon as that is known.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { App } from '@slack/bolt';
import type { Logger } from '../../logger';
import { isSslCheck, type RequestSummary, screenSlackRequest } from './screen';

export interface SlackHttpRequest {
  rawBody: string;
  /** A header by its lower-case name. */
  header(name: string): string | undefined;
}

export interface SlackHttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface SlackRequestHandlerOptions {
  signingSecret: string;
  logger: Logger;
  /**
   * How long a listener may take to ack before the request is answered 404 (Slack gives up after
   * 3 s). A listener that acked is waited for: with processBeforeResponse semantics its answer
   * (e.g. a modal's errors) goes out when it finishes, and on Lambda work left running would freeze.
   */
  ackDeadlineMs?: number;
  /** Seconds a signature stays valid (Slack: 5 minutes). */
  maxAgeSeconds?: number;
  now?: () => number;
}

const answer = (status: number, body = '', headers: Record<string, string> = {}): SlackHttpAnswer => ({
  status,
  headers,
  body,
});

/** Slack's v0 signature over `v0:{timestamp}:{raw body}`, compared in constant time. */
export function hasValidSignature(
  request: SlackHttpRequest,
  signingSecret: string,
  nowSeconds: number,
  maxAgeSeconds: number,
): boolean {
  const signature = request.header('x-slack-signature');
  const timestamp = Number(request.header('x-slack-request-timestamp'));
  if (!signature || !Number.isInteger(timestamp)) return false;
  if (Math.abs(nowSeconds - timestamp) > maxAgeSeconds) return false;
  const expected = Buffer.from(
    `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${request.rawBody}`).digest('hex')}`,
  );
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function retryNumOf(request: SlackHttpRequest): number | undefined {
  const raw = request.header('x-slack-retry-num');
  const retryNum = raw === undefined ? Number.NaN : Number(raw);
  return Number.isInteger(retryNum) ? retryNum : undefined;
}

/** The listener's ack, as Slack expects it: nothing, text, or JSON (e.g. response_action). */
function ackAnswer(response: unknown): SlackHttpAnswer {
  if (response === undefined || response === null || response === '') return answer(200);
  if (typeof response === 'string') return answer(200, response);
  return answer(200, JSON.stringify(response), { 'content-type': 'application/json' });
}

export interface SlackRequestHandler {
  init(app: App): void;
  handle(request: SlackHttpRequest): Promise<SlackHttpAnswer>;
}

export function makeSlackRequestHandler(options: SlackRequestHandlerOptions): SlackRequestHandler {
  const log = options.logger.child({ component: 'slack-receiver' });
  const ackDeadlineMs = options.ackDeadlineMs ?? 2800;
  const maxAgeSeconds = options.maxAgeSeconds ?? 5 * 60;
  const now = options.now ?? Date.now;
  let app: App | undefined;

  async function dispatch(
    body: Record<string, unknown>,
    summary: RequestSummary,
    request: SlackHttpRequest,
  ): Promise<SlackHttpAnswer> {
    if (!app) throw new Error('the Slack app is not attached to its receiver');
    let acked = false;
    let response: unknown;
    const retryNum = retryNumOf(request);
    const retryReason = request.header('x-slack-retry-reason');
    const processing = app.processEvent({
      body,
      ack: async (ackResponse?: unknown) => {
        if (acked) {
          log.warn(summary, 'a listener acknowledged a Slack request twice; the first answer stands');
          return;
        }
        acked = true;
        response = ackResponse;
      },
      ...(retryNum !== undefined ? { retryNum } : {}),
      ...(retryReason !== undefined ? { retryReason } : {}),
    });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), ackDeadlineMs);
    });
    try {
      const first = await Promise.race([processing.then(() => 'done' as const), deadline]);
      if (first === 'deadline' && acked) await processing;
    } catch (error) {
      // Bolt itself failed on this body (listener failures reach app.error and end here only if that
      // rethrows): the request was not one Bolt could process.
      log.warn({ ...summary, err: error }, 'Slack request could not be processed');
      if (!acked) return answer(400);
    } finally {
      clearTimeout(timer);
    }
    if (acked) return ackAnswer(response);
    // Keep waiting in the background only to log how it ends; the answer cannot wait.
    processing.catch((error: unknown) =>
      log.warn({ ...summary, err: error }, 'unanswered Slack request failed'),
    );
    log.info(summary, 'no listener answered this Slack request');
    return answer(404);
  }

  async function handle(request: SlackHttpRequest): Promise<SlackHttpAnswer> {
    const contentType = request.header('content-type');
    if (isSslCheck(request.rawBody, contentType)) return answer(200);
    if (!hasValidSignature(request, options.signingSecret, Math.floor(now() / 1000), maxAgeSeconds)) {
      log.info(
        { bytes: request.rawBody.length },
        'refused a Slack request: missing, stale or wrong signature',
      );
      return answer(401);
    }
    const screened = screenSlackRequest(request.rawBody, contentType);
    switch (screened.kind) {
      case 'malformed':
        log.warn(
          { reason: screened.reason, bytes: request.rawBody.length },
          'refused a malformed Slack request',
        );
        return answer(400);
      case 'url-verification':
        return answer(200, JSON.stringify({ challenge: screened.challenge }), {
          'content-type': 'application/json',
        });
      case 'unrouted':
        log.info(screened.summary, 'no listener handles this kind of Slack request');
        return answer(404);
      case 'request':
        return dispatch(screened.body, screened.summary, request);
    }
  }

  return {
    init(boltApp) {
      app = boltApp;
    },
    async handle(request) {
      try {
        return await handle(request);
      } catch (error) {
        // Last line for this request: log it with what it was, answer, keep serving.
        log.error({ err: error, bytes: request.rawBody.length }, 'Slack request failed unexpectedly');
        return answer(400);
      }
    },
  };
}
