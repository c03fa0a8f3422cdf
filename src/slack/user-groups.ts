// Expands approver user groups with usergroups.users.list. Runs while Slack waits for our answer,
// so one call is bounded (the ack-path client: short timeout, no retries) and members are cached.
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger';
import type { Clock } from '../peering/ports';
import type { UserGroupMembers } from './policy';

export const USER_GROUP_CACHE_MS = 5 * 60 * 1000;

export function makeUserGroupMembers(deps: {
  client: WebClient;
  clock: Clock;
  logger: Logger;
  cacheMs?: number;
}): UserGroupMembers {
  const cacheMs = deps.cacheMs ?? USER_GROUP_CACHE_MS;
  const cache = new Map<string, { members: readonly string[]; until: number }>();
  return async (groupId: string): Promise<readonly string[]> => {
    const now = deps.clock.now().getTime();
    const cached = cache.get(groupId);
    if (cached && cached.until > now) return cached.members;
    try {
      const result = await deps.client.usergroups.users.list({ usergroup: groupId });
      const members = result.users ?? [];
      cache.set(groupId, { members, until: now + cacheMs });
      return members;
    } catch (error) {
      // Refusing is the safe answer; the failure is not cached, so the next click asks again.
      deps.logger.warn({ err: error, userGroupId: groupId }, 'could not read approver user group');
      return [];
    }
  };
}
