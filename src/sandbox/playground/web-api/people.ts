// auth.test, users.* and usergroups.*: who the bot is, the people, the user groups.
import { BOT, TEAM_ID } from '../workspace';
import { fail, flag, userInfo, type WebApiDeps, type WebApiMethods } from './shapes';

export function peopleMethods(deps: WebApiDeps): WebApiMethods {
  const { workspace } = deps;
  return {
    'auth.test': () => ({
      ok: true,
      url: 'https://sandbox.slack.com/',
      team: 'Sandbox',
      user: BOT.name,
      team_id: TEAM_ID,
      user_id: BOT.userId,
      bot_id: BOT.botId,
      is_enterprise_install: false,
    }),
    'usergroups.list': (args) => ({
      ok: true,
      usergroups: workspace.userGroups().map((g) => ({
        id: g.id,
        team_id: TEAM_ID,
        handle: g.handle,
        name: g.name,
        is_usergroup: true,
        user_count: g.users.length,
        ...(flag(args.include_users) ? { users: [...g.users] } : {}),
      })),
    }),
    'users.info': (args) => {
      const user = workspace.userOf(String(args.user ?? ''));
      return user ? { ok: true, user: userInfo(user) } : fail('user_not_found');
    },
    'usergroups.users.list': (args) => {
      const group = workspace.userGroupOf(String(args.usergroup ?? ''));
      if (group) return { ok: true, users: [...group.users] };
      return deps.strict ? fail('no_such_subteam') : { ok: true, users: [] };
    },
  };
}
