// Who may do what. Requesting is open to the whole workspace unless REQUESTERS names people.
export interface Policy {
  mayRequest(userId: string): boolean;
}

export function makePolicy(options: { requesters: readonly string[] }): Policy {
  const requesters = new Set(options.requesters);
  return {
    mayRequest: (userId) => requesters.size === 0 || requesters.has(userId),
  };
}
