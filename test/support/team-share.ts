// The bot's share of a seeded team's Transit Gateway with the sandbox's Aiven account, made the way
// the create job makes it (prepare-transit-gateway.ts), for tests that start from a shared hub.
import { makeAwsAccess } from '../../src/adapters/ec2/access';
import { makeLogger } from '../../src/logger';
import {
  makePrepareTransitGateway,
  type PrepareTransitGateway,
} from '../../src/peering/accept/prepare-transit-gateway';
import type { PeeringRecord } from '../../src/peering/model';
import { SANDBOX_AIVEN_ACCOUNT_ID } from '../../src/sandbox/aiven-account';
import type { MotoClientSettings } from '../../src/sandbox/moto-credentials';
import type { PlaygroundTeam } from '../../src/sandbox/team-account';

/** Checks the team's Transit Gateway and shares it with Aiven's account; resolves to what it did. */
export function shareWithAiven(
  client: MotoClientSettings,
  team: PlaygroundTeam,
): ReturnType<PrepareTransitGateway> {
  const logger = makeLogger({ level: 'silent' });
  const prepare = makePrepareTransitGateway({
    access: makeAwsAccess({ roles: { roleName: 'vpc-peer-accepter', roles: {} }, client, logger }),
    aivenAccountId: SANDBOX_AIVEN_ACCOUNT_ID,
    logger,
  });
  const spec = {
    orgVpcId: 'org-vpc-1',
    awsAccountId: team.accountId,
    awsVpcId: team.transitGatewayId,
    awsRegion: team.region,
    extraCidrs: [team.cidr],
  } as PeeringRecord['spec'];
  // Nothing to remember: no record behind this share (the create job writes it on its record).
  return prepare({ id: 'p-1', spec }, async () => undefined);
}
