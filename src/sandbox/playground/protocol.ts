// What the playground page and its server say to each other. Pure types: the page (ui/) imports this
// file too, so nothing here may touch Node.

export interface WorkspaceUser {
  id: string;
  /** Slack handle, e.g. `alice`. */
  name: string;
  realName: string;
  title: string;
  isBot: boolean;
  /** Avatar background (the page draws initials on it). */
  color: string;
}

export interface WorkspaceChannel {
  id: string;
  name: string;
  purpose: string;
  /** Set for the bot's direct-message channel with one user. */
  dmWith?: string;
}

export interface UserGroup {
  id: string;
  handle: string;
  name: string;
  users: string[];
}

/** A message as Slack stores it (the fields the Web API returns), plus who may see an ephemeral one. */
export interface StoredMessage {
  type: 'message';
  ts: string;
  channel: string;
  user: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
  reply_count?: number;
  reply_users?: string[];
  latest_reply?: string;
  reply_broadcast?: boolean;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  bot_id?: string;
  app_id?: string;
  edited?: { user: string; ts: string };
  /** Ephemeral: only this user sees it, and it never shows in conversations.history. */
  ephemeralFor?: string;
  /** Files shared with the message (files.completeUploadExternal), as Slack's file objects. */
  files?: SharedFile[];
  /** Set on the message that shares an uploaded file. */
  upload?: boolean;
}

/** The fields of a Slack file object the bot and the page read. */
export interface SharedFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  size: number;
  /** Where the contents are served (the local Slack: no token needed). */
  url_private: string;
  url_private_download: string;
}

/** A Slack view (modal or home) as views.* returns it. */
export interface SlackView {
  id: string;
  team_id: string;
  type: 'modal' | 'home' | string;
  title?: { type: 'plain_text'; text: string };
  submit?: { type: 'plain_text'; text: string };
  close?: { type: 'plain_text'; text: string };
  blocks: unknown[];
  private_metadata: string;
  callback_id: string;
  external_id: string;
  hash: string;
  state: { values: Record<string, Record<string, unknown>> };
  clear_on_close: boolean;
  notify_on_close: boolean;
  previous_view_id: string | null;
  root_view_id: string;
  app_id: string;
  bot_id: string;
}

/** Everything the page shows for the user it acts as. */
export interface PlaygroundState {
  me: string;
  users: WorkspaceUser[];
  channels: WorkspaceChannel[];
  userGroups: UserGroup[];
  /** Per channel, oldest first, ephemerals of other users left out. */
  messages: Record<string, StoredMessage[]>;
  /** The user's open modals, bottom first. */
  modals: SlackView[];
  home: SlackView | undefined;
  /** Field errors of the top modal after `response_action: errors`, by block id. */
  modalErrors: Record<string, string>;
  sandbox: SandboxSummary | undefined;
  /** What someone trying the bot needs to know: who approves, which AWS VPC to peer. */
  guide: PlaygroundGuide;
  command: { name: string; usageHint: string; description: string };
  /** What the bot did that Slack would refuse (unknown method, invalid blocks...), newest last. */
  notices: { id: number; text: string }[];
}

export interface SandboxSummary {
  organizationId: string;
  vpcs: { id: string; name: string; cloud: string; cidr: string; state: string }[];
  peerings: {
    id: string;
    orgVpcId: string;
    peerAccount: string;
    peerVpc: string;
    peerRegion: string;
    state: string;
    /** Aiven's user_peer_network_cidrs. */
    extraCidrs: string[];
  }[];
}

export interface PlaygroundGuide {
  /** Who may approve a deletion, as people read it, e.g. `@approvers (carol, dave)`. */
  approvers: string;
  /**
   * The team's AWS account and VPC in moto, to type into the create modal (the bot accepts there for
   * real), and its Transit Gateway with the VPC's CIDR behind it (for an attachment); or, without
   * moto, why the thread will show the manual steps instead.
   */
  aws:
    | { accountId: string; region: string; vpcId: string; transitGatewayId: string; cidr: string }
    | { manual: string };
}

/** Typed-in values of one modal: block id -> action id -> Slack's state value object. */
export type ViewStateValues = Record<string, Record<string, unknown>>;

/** What the page asks the server to do (POST /playground/api/act). */
export type PlaygroundAction =
  | { kind: 'command'; channel: string; text: string; threadTs?: string }
  | { kind: 'message'; channel: string; text: string; threadTs?: string }
  | { kind: 'submit-view'; viewId: string; values: ViewStateValues }
  | { kind: 'close-view'; viewId: string; all?: boolean }
  | {
      kind: 'block-action';
      source: /** inThread false: clicked on the channel copy of a broadcast thread reply. */
        | { type: 'message'; channel: string; ts: string; inThread?: boolean }
        | { type: 'view'; viewId: string; values?: ViewStateValues };
      blockId: string;
      action: Record<string, unknown>;
    }
  | {
      kind: 'suggest';
      viewId: string;
      blockId: string;
      actionId: string;
      value: string;
      values?: ViewStateValues;
    }
  | { kind: 'open-home' }
  | { kind: 'dismiss-ephemeral'; channel: string; ts: string }
  | { kind: 'dismiss-notice'; id: number }
  | { kind: 'sandbox-advance'; ms: number }
  | {
      kind: 'sandbox-peering-state';
      peeringId: string;
      state: 'ACTIVE' | 'REJECTED_BY_PEER' | 'DELETED_BY_PEER';
    }
  | {
      kind: 'sandbox-outside-peering';
      orgVpcId: string;
      peerAccount: string;
      peerVpc: string;
      peerRegion?: string;
    }
  /** cidrs: as typed, one per line (commas and spaces also separate); empty removes them all. */
  | { kind: 'sandbox-extra-cidrs'; peeringId: string; cidrs: string };

/** The answer to an action: options for a suggestion, or a problem to show in plain words. */
export interface PlaygroundActionResult {
  ok: boolean;
  error?: string;
  options?: unknown[];
  optionGroups?: unknown[];
}
