// The Slack Web API methods the bot calls, answered from the local workspace with Slack's request and
// response shapes and error codes (https://api.slack.com/methods). Anything missing answers as Slack
// does for an unknown method, so a gap shows up instead of passing silently.
import { chatMethods } from './web-api/chat';
import { conversationMethods } from './web-api/conversations';
import { peopleMethods } from './web-api/people';
import { fail, str, type WebApiAnswer, type WebApiDeps } from './web-api/shapes';
import { viewMethods } from './web-api/views';

export type { WebApiAnswer, WebApiDeps } from './web-api/shapes';

export function makeWebApi(deps: WebApiDeps) {
  const methods = {
    ...chatMethods(deps),
    ...viewMethods(deps),
    ...conversationMethods(deps),
    ...peopleMethods(deps),
  };

  function tokenOf(authorization: string | undefined, args: Record<string, unknown>): string | undefined {
    if (authorization?.startsWith('Bearer ')) return authorization.slice('Bearer '.length);
    return str(args.token);
  }

  return {
    methods: () => Object.keys(methods),
    answer(method: string, args: Record<string, unknown>, authorization: string | undefined): WebApiAnswer {
      if (deps.botToken !== undefined) {
        const token = tokenOf(authorization, args);
        if (!token) return fail('not_authed');
        if (token !== deps.botToken) return fail('invalid_auth');
      }
      const handler = methods[method];
      if (!handler) return deps.strict ? fail('unknown_method') : { ok: true };
      return handler(args);
    },
  };
}

export type WebApi = ReturnType<typeof makeWebApi>;
