// The Slack Web API methods the bot calls, answered from the local workspace with Slack's request and
// response shapes and error codes (https://api.slack.com/methods). Anything missing answers as Slack
// does for an unknown method, so a gap shows up instead of passing silently.
import { chatMethods } from './web-api/chat';
import { conversationMethods } from './web-api/conversations';
import { fileMethods } from './web-api/files';
import { peopleMethods } from './web-api/people';
import { fail, str, type WebApiAnswer, type WebApiDeps } from './web-api/shapes';
import { viewMethods } from './web-api/views';

export type { WebApiAnswer, WebApiDeps } from './web-api/shapes';

/** Answers that mean the bot called Slack wrongly (not that Slack state said no): the page shows them. */
const BOT_MISTAKES = new Set([
  'unknown_method',
  'not_authed',
  'invalid_auth',
  'invalid_arguments',
  'invalid_blocks',
  'invalid_blocks_format',
  'no_text',
  'missing_argument',
  'file_not_found',
  'msg_too_long',
  'cant_update_message',
  'cant_delete_message',
]);

export function makeWebApi(deps: WebApiDeps) {
  const methods = {
    ...chatMethods(deps),
    ...viewMethods(deps),
    ...conversationMethods(deps),
    ...peopleMethods(deps),
    ...fileMethods(deps),
  };

  function tokenOf(authorization: string | undefined, args: Record<string, unknown>): string | undefined {
    if (authorization?.startsWith('Bearer ')) return authorization.slice('Bearer '.length);
    return str(args.token);
  }

  function call(
    method: string,
    args: Record<string, unknown>,
    authorization: string | undefined,
  ): WebApiAnswer {
    if (deps.botToken !== undefined) {
      const token = tokenOf(authorization, args);
      if (!token) return fail('not_authed');
      if (token !== deps.botToken) return fail('invalid_auth');
    }
    const handler = methods[method];
    if (!handler) return deps.strict ? fail('unknown_method') : { ok: true };
    return handler(args);
  }

  return {
    answer(method: string, args: Record<string, unknown>, authorization: string | undefined): WebApiAnswer {
      const answer = call(method, args, authorization);
      if (deps.strict && !answer.ok && BOT_MISTAKES.has(String(answer.error))) {
        const details = (answer.response_metadata as { messages?: string[] } | undefined)?.messages ?? [];
        deps.workspace.notice(
          `The bot called ${method} and Slack would answer ${String(answer.error)}${details.length ? `: ${details.join('; ')}` : ''}.`,
        );
      }
      return answer;
    },
  };
}

export type WebApi = ReturnType<typeof makeWebApi>;
