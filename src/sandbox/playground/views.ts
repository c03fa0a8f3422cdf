// Modals (a stack of up to three per user) and App Home tabs, with the ids and hashes Slack gives them.
import { randomBytes } from 'node:crypto';
import type { SlackView, ViewStateValues } from './protocol';
import { BOT, TEAM_ID } from './workspace';

const MAX_STACK = 3;

export type ViewInput = Partial<SlackView> & { type?: string; blocks?: unknown[] };

export function makeViews(options: { onChange(userId: string): void }) {
  let nextId = 1;
  // App Home views count apart, so modal ids stay V00000001, V00000002... in the order they open.
  let nextHomeId = 1;
  const stacks = new Map<string, SlackView[]>();
  const homes = new Map<string, SlackView>();
  const errors = new Map<string, Record<string, string>>();

  const newHash = () => `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`;

  function build(input: ViewInput, id: string, previous: SlackView | undefined, root?: string): SlackView {
    return {
      id,
      team_id: TEAM_ID,
      type: input.type ?? 'modal',
      ...(input.title ? { title: input.title } : {}),
      ...(input.submit ? { submit: input.submit } : {}),
      ...(input.close ? { close: input.close } : {}),
      blocks: Array.isArray(input.blocks) ? input.blocks : [],
      private_metadata: input.private_metadata ?? '',
      callback_id: input.callback_id ?? '',
      external_id: input.external_id ?? '',
      hash: newHash(),
      state: previous?.state ?? { values: {} },
      clear_on_close: input.clear_on_close ?? false,
      notify_on_close: input.notify_on_close ?? false,
      previous_view_id: null,
      root_view_id: root ?? id,
      app_id: BOT.appId,
      bot_id: BOT.botId,
    };
  }

  function locate(viewId?: string, externalId?: string) {
    const matches = (v: SlackView) =>
      viewId ? v.id === viewId : Boolean(externalId) && v.external_id === externalId;
    for (const [userId, stack] of stacks) {
      const index = stack.findIndex(matches);
      if (index >= 0) return { userId, stack, index, view: stack[index] as SlackView, home: false };
    }
    for (const [userId, view] of homes) {
      if (matches(view)) return { userId, stack: undefined, index: -1, view, home: true };
    }
    return undefined;
  }

  const newId = () => `V${String(nextId++).padStart(8, '0')}`;

  return {
    newId,
    open(userId: string, input: ViewInput): SlackView {
      const view = build(input, newId(), undefined);
      stacks.set(userId, [view]);
      errors.delete(userId);
      options.onChange(userId);
      return view;
    },
    /** Pushes on the user's stack; undefined when three views are open already. */
    push(userId: string, input: ViewInput): SlackView | 'push_limit_reached' {
      const stack = stacks.get(userId) ?? [];
      if (stack.length >= MAX_STACK) return 'push_limit_reached';
      const id = newId();
      const view = {
        ...build(input, id, undefined, stack[0]?.root_view_id),
        previous_view_id: stack.at(-1)?.id ?? null,
      };
      stacks.set(userId, [...stack, view]);
      errors.delete(userId);
      options.onChange(userId);
      return view;
    },
    /** views.update: keeps the id and the typed-in values; checks the hash when one is given. */
    update(
      target: { viewId?: string; externalId?: string; hash?: string },
      input: ViewInput,
    ): SlackView | 'not_found' | 'hash_conflict' {
      const found = locate(target.viewId, target.externalId);
      if (!found) return 'not_found';
      if (target.hash && target.hash !== found.view.hash) return 'hash_conflict';
      const view = {
        ...build(
          { ...input, type: input.type ?? found.view.type },
          found.view.id,
          found.view,
          found.view.root_view_id,
        ),
        previous_view_id: found.view.previous_view_id,
      };
      if (found.home) homes.set(found.userId, view);
      else if (found.stack) found.stack[found.index] = view;
      // A new version of the view starts without the old field errors, as in Slack.
      if (!found.home) errors.delete(found.userId);
      options.onChange(found.userId);
      return view;
    },
    publish(userId: string, input: ViewInput, hash?: string): SlackView | 'hash_conflict' {
      const existing = homes.get(userId);
      if (hash && existing && existing.hash !== hash) return 'hash_conflict';
      const id = existing?.id ?? `VH${String(nextHomeId++).padStart(7, '0')}`;
      const view = build({ ...input, type: 'home' }, id, existing);
      homes.set(userId, view);
      options.onChange(userId);
      return view;
    },
    home: (userId: string) => homes.get(userId),
    stack: (userId: string) => stacks.get(userId) ?? [],
    find: (viewId: string) => locate(viewId),
    findExternal: (externalId: string) => locate(undefined, externalId),
    /** Records what the user typed, so the next payload's `view.state` carries it. */
    setState(viewId: string, values: ViewStateValues): SlackView | undefined {
      const found = locate(viewId);
      if (!found) return undefined;
      found.view.state = { values };
      return found.view;
    },
    /** Pops the top view (all of them with `all`); returns the views closed. */
    close(userId: string, all = false): SlackView[] {
      const stack = stacks.get(userId) ?? [];
      const closed = all ? stack.splice(0) : stack.splice(-1);
      errors.delete(userId);
      options.onChange(userId);
      return closed;
    },
    setErrors(userId: string, fieldErrors: Record<string, string>): void {
      errors.set(userId, fieldErrors);
      options.onChange(userId);
    },
    errorsOf: (userId: string) => errors.get(userId) ?? {},
  };
}

export type Views = ReturnType<typeof makeViews>;
