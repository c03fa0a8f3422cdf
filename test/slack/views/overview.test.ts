// The list / App Home overview and the status detail stay readable and within Block Kit's limits
// for 0, 1 and 200 peerings.
import type { KnownBlock } from '@slack/types';
import type { AivenPeering, OrgVpc, OrgVpcSnapshot, PeeringRecord } from '../../../src/peering/model';
import { buildOverview, findInOverview } from '../../../src/peering/overview';
import { OVERVIEW_LIMITS, renderOverview } from '../../../src/slack/views/overview';
import { renderPeeringStatus } from '../../../src/slack/views/status';

const vpc = (i: number): OrgVpc => ({
  id: `0000000${i}-0000-4000-8000-000000000000`.slice(-36),
  name: `org-vpc-${i}`,
  cloudName: 'aws-eu-west-1',
  awsRegion: 'eu-west-1',
  cidr: `10.${i}.0.0/24`,
  state: 'ACTIVE',
});

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

function peering(v: OrgVpc, n: number, state: AivenPeering['state']): AivenPeering {
  return {
    id: `${hex(n, 8)}-1111-4111-8111-111111111111`,
    orgVpcId: v.id,
    awsAccountId: '210987654321',
    awsVpcId: `vpc-${hex(n, 17)}`,
    awsRegion: 'eu-west-1',
    state,
    stateInfo: { type: 'x', message: 'm', awsPeeringConnectionId: `pcx-${hex(n + 1, 17)}` },
    extraCidrs: [],
    createTime: '2026-07-01T12:00:00Z',
    updateTime: '2026-07-01T12:05:00Z',
  };
}

function snapshotWith(count: number, vpcCount = 1): OrgVpcSnapshot {
  const vpcs = Array.from({ length: vpcCount }, (_, i) => vpc(i + 1));
  return {
    organizationId: 'org123456',
    fetchedAt: '2026-07-01T12:06:00.000Z',
    vpcs: vpcs.map((v, vi) => ({
      vpc: v,
      peerings: Array.from({ length: count / vpcCount }, (_, i) =>
        peering(v, vi * 1000 + i, i % 10 === 0 ? 'PENDING_PEER' : 'ACTIVE'),
      ),
    })),
  };
}

function expectWithinLimits(blocks: KnownBlock[]) {
  expect(blocks.length).toBeLessThanOrEqual(OVERVIEW_LIMITS.blocks);
  for (const block of blocks) {
    const text = (block as { text?: { text: string } }).text?.text ?? '';
    expect(text.length).toBeLessThanOrEqual(3000);
  }
  expect(JSON.stringify(blocks).length).toBeLessThan(13_000);
}

const allText = (blocks: KnownBlock[]) =>
  blocks
    .map(
      (b) =>
        (b as { text?: { text: string } }).text?.text ??
        (b as { elements?: { text: string }[] }).elements?.map((e) => e.text).join(' '),
    )
    .join('\n');

describe('overview (list and App Home)', () => {
  it('0 peerings: says there are none, and when Aiven has not been read yet', () => {
    const empty = renderOverview(buildOverview(snapshotWith(0), []), {
      fetchedAt: '2026-07-01T12:06:00.000Z',
    });
    expectWithinLimits(empty.blocks);
    expect(allText(empty.blocks)).toContain(
      '*org-vpc-1* · aws-eu-west-1 · 10.1.0.0/24 · ACTIVE · 0 peerings',
    );
    expect(allText(empty.blocks)).toContain('_No peerings._');
    const unread = renderOverview(buildOverview(undefined, []), { fetchedAt: undefined });
    expect(allText(unread.blocks)).toContain('vpc-peer has not read Aiven yet: try again in a minute.');
  });

  it('1 peering: state, account, region, VPC, pcx and a link to its thread', () => {
    const snapshot = snapshotWith(1);
    const p = snapshot.vpcs[0]?.peerings[0] as AivenPeering;
    const record = {
      id: 'req-1',
      aivenPeeringId: p.id,
      state: 'PENDING_PEER',
      spec: {
        orgVpcId: p.orgVpcId,
        awsAccountId: p.awsAccountId,
        awsVpcId: p.awsVpcId,
        awsRegion: 'eu-west-1',
        extraCidrs: [],
      },
      stateInfo: p.stateInfo,
      thread: { channelId: 'C0PLATFORM', ts: '1700000001.000100' },
      requestedBy: 'U0ALICE',
    } as unknown as PeeringRecord;
    const message = renderOverview(buildOverview(snapshot, [record]), { fetchedAt: snapshot.fetchedAt });
    expectWithinLimits(message.blocks);
    expect(allText(message.blocks)).toContain(
      `:raised_hand: *Waiting for AWS* · account 210987654321 · eu-west-1 · \`${p.awsVpcId}\` · \`${p.stateInfo.awsPeeringConnectionId}\` · managed by vpc-peer · <https://slack.com/archives/C0PLATFORM/p1700000001000100|thread>`,
    );
    expect(message.text).toBe('1 VPC peering in 1 org VPC');
  });

  it('200 peerings: summarised within Block Kit limits, with counts and the ones that need attention', () => {
    const snapshot = snapshotWith(200, 4);
    const message = renderOverview(buildOverview(snapshot, []), { fetchedAt: snapshot.fetchedAt });
    expectWithinLimits(message.blocks);
    const text = allText(message.blocks);
    expect(text).toContain('*200 peerings in 4 org VPCs*');
    expect(text).toContain('Active: 180');
    expect(text).toContain('Waiting for AWS: 20');
    expect(text).toContain('*Need attention:*');
    expect(text.match(/Waiting for AWS\* · account/g)).toHaveLength(20);
    expect(text).toContain('org-vpc-2: :raised_hand: *Waiting for AWS* · account 210987654321');
    expect(text).toContain('org-vpc-3: 50');
    expect(text).toContain('/vpc-peer list <org VPC name>');
  });

  it('200 live and 300 recently ended peerings: the ended apart, newest first, within the limits', () => {
    const ended: PeeringRecord[] = Array.from({ length: 300 }, (_, i) => {
      const p = peering(vpc(1), 5000 + i, 'DELETED');
      return {
        id: `req-V${hex(i, 8).toUpperCase()}`,
        spec: {
          orgVpcId: p.orgVpcId,
          awsAccountId: p.awsAccountId,
          awsVpcId: p.awsVpcId,
          awsRegion: 'eu-west-1',
          extraCidrs: [],
        },
        orgVpc: vpc(1),
        aivenPeeringId: p.id,
        state: i % 3 === 0 ? 'EXPIRED' : 'DELETED',
        stateInfo: p.stateInfo,
        requestedBy: 'U0ALICE',
        channelId: 'C0PLATFORM',
        createdAt: '2026-07-01T12:00:00.000Z',
        updatedAt: '2026-07-02T12:00:00.000Z',
        endedAt: `2026-07-0${7 - Math.floor(i / 100)}T12:00:00.000Z`,
        version: 3,
      };
    });
    const { blocks } = renderOverview(buildOverview(snapshotWith(200), []), {
      fetchedAt: '2026-07-01T12:06:00.000Z',
      ended,
      endedDays: 7,
    });
    expectWithinLimits(blocks);
    const text = allText(blocks);
    expect(text).toContain('*Ended in the last 7 days* (300)');
    expect(text).toContain(':alarm_clock: *Expired* 2026-07-07 12:00 UTC · org-vpc-1');
    expect(text).toContain(':wastebasket: *Deleted* (DELETED) 2026-07-07 12:00 UTC');
    expect(text).toMatch(/…and \d+ more: `\/vpc-peer status <id>` finds any of them\./);
    // The live ones are still summarised as before.
    expect(text).toContain('*200 peerings in 1 org VPCs* (too many to list here)');
  });

  it('status detail of a peering of the 200, found by each kind of id', () => {
    const overview = buildOverview(snapshotWith(200, 4), []);
    const target = overview[2]?.peerings[7];
    for (const id of [target?.aivenPeeringId, target?.pcxId, target?.awsVpcId]) {
      const found = findInOverview(overview, String(id));
      expect(found).toHaveLength(1);
      const detail = renderPeeringStatus(found[0]?.vpc as OrgVpc, found[0]?.line as never);
      expectWithinLimits(detail.blocks);
      expect(allText(detail.blocks)).toContain(`AWS peering connection: \`${target?.pcxId}\``);
    }
  });
});
