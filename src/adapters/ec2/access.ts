// Credentials for the peering's AWS account: STS AssumeRole into the accepter role, cached per
// account until shortly before they expire. The credentials are held here only; nothing logs them.
// Cold start: the STS and EC2 clients (over half of the worker's JavaScript) are loaded on the first
// connect(), from ./sdk (a chunk of its own in the ES module bundle). Most worker and poller runs never
// connect; hasRole stays a synchronous configuration check.
import type { Logger } from '../../logger';
import { once } from '../../once';
import { noRoleReason } from '../../peering/accept/on-pending-peer';
import type { AwsAccess, AwsConnection } from '../../peering/accept/ports';
import type {
  TransitGatewayAccess,
  TransitGatewayConnection,
} from '../../peering/accept/transit-gateway-ports';
import { isAwsRefusalError } from './refusal';

/** SDK settings shared by the STS and EC2 clients (tests point them at moto). */
export interface AwsClientSettings {
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export interface AccepterRoles {
  /** ACCEPTER_ROLE_NAME: assumed as arn:aws:iam::<account>:role/<name>. */
  roleName?: string;
  /** ACCEPTER_ROLES: account id -> role ARN, overriding the name. */
  roles: Record<string, string>;
  externalId?: string;
  /** Account id -> its team's ExternalId (POLICY_FILE), overriding externalId for that account. */
  externalIds?: Record<string, string>;
}

interface Cached {
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  expiresAt: number;
}

/** Renewed this long before expiry, so no call starts with credentials about to lapse. */
const RENEW_BEFORE_MS = 5 * 60_000;

export function roleArnFor(roles: AccepterRoles, accountId: string): string | undefined {
  return (
    roles.roles[accountId] ??
    (roles.roleName ? `arn:aws:iam::${accountId}:role/${roles.roleName}` : undefined)
  );
}

/** AWS allows [\w+=,.@-]{2,64} for a session name; it shows in the account's CloudTrail. */
export function sessionNameFor(peeringId: string): string {
  return `vpc-peer-${peeringId}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}

export function makeAwsAccess(options: {
  roles: AccepterRoles;
  client?: AwsClientSettings;
  logger: Logger;
  now?: () => number;
}): AwsAccess & TransitGatewayAccess {
  const now = options.now ?? Date.now;
  const cache = new Map<string, Cached>();
  const base = options.client ?? {};
  const loadSdk = once(() => import('./sdk.js'));

  async function credentialsFor(accountId: string, roleArn: string, region: string, peeringId: string) {
    const cached = cache.get(accountId);
    if (cached && cached.expiresAt - RENEW_BEFORE_MS > now()) return cached.credentials;
    const { AssumeRoleCommand, STSClient } = await loadSdk();
    // Each team's role trusts its own ExternalId: one shared id would let any team's peering assume
    // another team's role (the confused deputy).
    const externalId = options.roles.externalIds?.[accountId] ?? options.roles.externalId;
    const sts = new STSClient({ ...base, region: base.region ?? region, maxAttempts: 3 });
    try {
      const out = await sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: sessionNameFor(peeringId),
          DurationSeconds: 3600,
          ...(externalId ? { ExternalId: externalId } : {}),
        }),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken)
        throw new Error('AssumeRole returned no credentials');
      const entry: Cached = {
        credentials: {
          accessKeyId: c.AccessKeyId,
          secretAccessKey: c.SecretAccessKey,
          sessionToken: c.SessionToken,
        },
        expiresAt: c.Expiration ? c.Expiration.getTime() : now() + 15 * 60_000,
      };
      cache.set(accountId, entry);
      return entry.credentials;
    } finally {
      sts.destroy();
    }
  }

  type Target = { accountId: string; region: string; peeringId: string };
  type Sdk = Awaited<ReturnType<typeof loadSdk>>;
  type Credentials = Cached['credentials'];
  /** Assumes the role, then builds the clients; a refused role is the manual path, saying why. */
  async function connectWith<T extends object>(
    { accountId, region, peeringId }: Target,
    build: (sdk: Sdk, credentials: Credentials) => T,
  ): Promise<({ ok: true } & T) | { ok: false; reason: string }> {
    const roleArn = roleArnFor(options.roles, accountId);
    if (!roleArn) {
      return {
        ok: false,
        reason: noRoleReason(accountId),
      };
    }
    try {
      const credentials = await credentialsFor(accountId, roleArn, region, peeringId);
      return { ok: true, ...build(await loadSdk(), credentials) };
    } catch (error) {
      // Only a refusal (access denied, bad ExternalId) means "do it by hand"; an outage is retried.
      if (!isAwsRefusalError(error)) throw error;
      options.logger.warn({ accountId, roleArn, code: error.name }, 'AssumeRole refused');
      return {
        ok: false,
        reason: `vpc-peer could not assume ${roleArn} (AWS said ${error.name}). Check the role's trust policy and ExternalId (README: "Accepting in AWS"); meanwhile someone with access there can do this by hand.`,
      };
    }
  }

  return {
    hasRole: (accountId) => roleArnFor(options.roles, accountId) !== undefined,
    connect: (target): Promise<AwsConnection> =>
      connectWith(target, ({ EC2Client, makeEc2Network }, credentials) => ({
        network: makeEc2Network(
          new EC2Client({ ...base, region: target.region, credentials, maxAttempts: 3 }),
        ),
      })),
    connectTransitGateways: (target): Promise<TransitGatewayConnection> =>
      connectWith(target, ({ EC2Client, RAMClient, makeTransitGateways }, credentials) => {
        const settings = { ...base, region: target.region, credentials, maxAttempts: 3 };
        return { transitGateways: makeTransitGateways(new EC2Client(settings), new RAMClient(settings)) };
      }),
  };
}
