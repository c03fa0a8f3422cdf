// Who may do what, decided on Slack ids only. Requesting is open to the whole workspace unless
// REQUESTERS names people; changes may be asked for anywhere unless ALLOWED_CHANNELS names channels;
// approving needs APPROVERS (users, or user groups expanded through Slack).
export interface Policy {
  mayRequest(userId: string): boolean;
  mayUseChannel(channelId: string): boolean;
  /** The channels of ALLOWED_CHANNELS (empty: any), to tell a refused user where to go. */
  allowedChannels: readonly string[];
  /** False without APPROVERS: nobody can approve, so nothing can be deleted. */
  hasApprovers: boolean;
  mayApprove(userId: string): Promise<boolean>;
  /**
   * Who may approve, as Slack mentions for a refusal: each group with its members (through the
   * cached, bounded group read; a group that cannot be read is named alone), then the users.
   */
  approverMentions(): Promise<string>;
}

/** Members of a Slack user group (S...); may be slow or fail, so the caller bounds and caches it. */
export type UserGroupMembers = (groupId: string) => Promise<readonly string[]>;

export function makePolicy(options: {
  requesters: readonly string[];
  approvers?: readonly string[];
  allowedChannels?: readonly string[];
  userGroupMembers?: UserGroupMembers;
}): Policy {
  const requesters = new Set(options.requesters);
  const approvers = options.approvers ?? [];
  const approverUsers = new Set(approvers.filter((id) => !id.startsWith('S')));
  const approverGroups = approvers.filter((id) => id.startsWith('S'));
  const allowedChannels = options.allowedChannels ?? [];
  const channels = new Set(allowedChannels);
  const members = options.userGroupMembers;
  return {
    mayRequest: (userId) => requesters.size === 0 || requesters.has(userId),
    mayUseChannel: (channelId) => channels.size === 0 || channels.has(channelId),
    allowedChannels,
    hasApprovers: approvers.length > 0,
    async mayApprove(userId) {
      if (approverUsers.has(userId)) return true;
      if (!members || approverGroups.length === 0) return false;
      const lists = await Promise.all(approverGroups.map((group) => members(group)));
      return lists.some((list) => list.includes(userId));
    },
    async approverMentions() {
      const groups = await Promise.all(
        approverGroups.map(async (group) => {
          const known = members ? await members(group) : [];
          const names = known.length > 0 ? `: ${known.map((id) => `<@${id}>`).join(', ')}` : '';
          return `<!subteam^${group}>${names}`;
        }),
      );
      return [...groups, ...[...approverUsers].map((id) => `<@${id}>`)].join('; ');
    },
  };
}
