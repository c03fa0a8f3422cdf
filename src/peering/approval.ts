// One approver's yes, for a deletion or a Replace: a leaf module, so records of both can hold it.

/** One approver's approval, with the authority it rested on (e.g. "member of <!subteam^S0NETOPS>"). */
export interface Approval {
  userId: string;
  at: string;
  basis: string;
}
