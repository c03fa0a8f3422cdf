// views.*: modals (trigger_id rules) and App Home.
import { fail, isAnswer, str, viewInput, type WebApiDeps, type WebApiMethods } from './shapes';

export function viewMethods(deps: WebApiDeps): WebApiMethods {
  const { workspace, views, triggers } = deps;
  return {
    'views.open': (args) => {
      const trigger = triggers.exchange(args.trigger_id);
      if (!trigger.ok) return fail(trigger.error);
      const input = viewInput(args);
      if (isAnswer(input)) return input;
      if (input.external_id && views.findExternal(input.external_id)) return fail('duplicate_external_id');
      return { ok: true, view: views.open(trigger.userId, input) };
    },
    'views.push': (args) => {
      const trigger = triggers.exchange(args.trigger_id);
      if (!trigger.ok) return fail(trigger.error);
      const input = viewInput(args);
      if (isAnswer(input)) return input;
      if (input.external_id && views.findExternal(input.external_id)) return fail('duplicate_external_id');
      const view = views.push(trigger.userId, input);
      return typeof view === 'string' ? fail(view) : { ok: true, view };
    },
    'views.update': (args) => {
      const input = viewInput(args);
      if (isAnswer(input)) return input;
      const viewId = str(args.view_id);
      const externalId = str(args.external_id);
      if (!viewId && !externalId) return fail('invalid_arguments');
      const view = views.update({ viewId, externalId, hash: str(args.hash) }, input);
      if (view === 'not_found' && !deps.strict)
        return { ok: true, view: { ...input, id: viewId, hash: `${String(viewId)}-h2` } };
      return typeof view === 'string' ? fail(view) : { ok: true, view };
    },
    'views.publish': (args) => {
      const user = workspace.userOf(String(args.user_id ?? ''));
      if (!user) return fail('user_not_found');
      const input = viewInput(args);
      if (isAnswer(input)) return input;
      if (input.type !== 'home')
        return fail('invalid_arguments', {
          response_metadata: { messages: ['[ERROR] view.type must be home'] },
        });
      const view = views.publish(user.id, input, str(args.hash));
      return typeof view === 'string' ? fail(view) : { ok: true, view };
    },
  };
}
