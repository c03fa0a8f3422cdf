import { type ApprovalRule, approvalsOf, type Quorum } from '../peering/quorum';
import type { UserGroupMembers } from './policy';

export interface ApproverDirectory {
  /** Why `userId` may approve under the rule ("member of <!subteam^S…>"), or undefined if they may not. */
  basis(userId: string, approvers: readonly string[]): Promise<string | undefined>;
  /** Everyone who may approve, for a refusal: each group with its members, then the users. */
  mentions(approvers: readonly string[]): Promise<string>;
  /**
   * Mentions of those who may still approve an open request: the rule's approvers but the requester
   * and those who approved; a group that cannot be read is named as a group.
   */
  undecided(request: Quorum, rule: ApprovalRule): Promise<string[]>;
}

const isGroup = (id: string) => id.startsWith('S');

export function makeApproverDirectory(members?: UserGroupMembers): ApproverDirectory {
  const read = async (group: string) => (members ? await members(group) : []);
  return {
    async basis(userId, approvers) {
      if (approvers.some((id) => !isGroup(id) && id === userId)) return 'a named approver';
      for (const group of approvers.filter(isGroup))
        if ((await read(group)).includes(userId)) return `member of <!subteam^${group}>`;
      return undefined;
    },
    async mentions(approvers) {
      const groups = await Promise.all(
        approvers.filter(isGroup).map(async (group) => {
          const known = await read(group);
          const names = known.length > 0 ? `: ${known.map((id) => `<@${id}>`).join(', ')}` : '';
          return `<!subteam^${group}>${names}`;
        }),
      );
      const users = [...new Set(approvers.filter((id) => !isGroup(id)))].map((id) => `<@${id}>`);
      return [...groups, ...users].join('; ');
    },
    async undecided(request, rule) {
      const done = new Set([request.requestedBy, ...approvalsOf(request).map((a) => a.userId)]);
      const mentions: string[] = [];
      const seen = new Set<string>();
      for (const id of rule.approvers) {
        const people = isGroup(id) ? await read(id) : [id];
        if (isGroup(id) && people.length === 0) mentions.push(`<!subteam^${id}>`);
        for (const user of people) {
          if (done.has(user) || seen.has(user)) continue;
          seen.add(user);
          mentions.push(`<@${user}>`);
        }
      }
      return mentions;
    },
  };
}
