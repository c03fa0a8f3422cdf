import { randomUUID } from 'node:crypto';
import type { AcceptPlan } from '../../../src/peering/accept/model';
import type { PeeringRecord } from '../../../src/peering/model';
import { renderAcceptPlan } from '../../../src/slack/views/accept';

const record: PeeringRecord = {
  id: randomUUID(),
  spec: {
    orgVpcId: randomUUID(),
    awsAccountId: '210987654321',
    awsVpcId: 'vpc-0123456789abcdef0',
    awsRegion: 'eu-west-1',
    extraCidrs: [],
  },
  orgVpc: {
    id: randomUUID(),
    name: 'prod-eu',
    cloudName: 'aws-eu-west-1',
    awsRegion: 'eu-west-1',
    cidr: '10.20.0.0/24',
    state: 'ACTIVE',
  },
  state: 'PENDING_PEER',
  requestedBy: 'U0ALICE',
  channelId: 'C0PEERING',
  createdAt: '2026-07-01T12:00:00.000Z',
  updatedAt: '2026-07-01T12:00:00.000Z',
  version: 1,
};

describe('the accept plan message', () => {
  const planFor = (count: number): { plan: AcceptPlan; tables: string[] } => {
    const tables = Array.from({ length: count }, (_, i) => `rtb-${String(i).padStart(17, '0')}`);
    const plan: AcceptPlan = {
      pcxId: 'pcx-0a1b2c3d4e5f67890',
      routeTables: tables.map((id, i) => ({ id, main: i === 0 })),
      destinations: ['10.20.0.0/24'],
      steps: tables.map((routeTableId) => ({ kind: 'add', routeTableId, destination: '10.20.0.0/24' })),
      acceptNeeded: true,
    };
    return { plan, tables };
  };
  const textsOf = (plan: AcceptPlan) => {
    const message = renderAcceptPlan(record, plan, { auto: false, round: 0 });
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(message.blocks.at(-1)?.type).toBe('actions');
    const texts = message.blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(3000);
    return texts.join('\n');
  };

  it('shows every step of a VPC with many route tables, over several sections', () => {
    const { plan, tables } = planFor(60);
    const all = textsOf(plan);
    for (const table of tables) expect(all).toContain(`in \`${table}\``);
    expect(all).not.toContain('more (the plan is in the log in full)');
  });

  it('stays under the size Slack accepts, and says how many steps are not shown', () => {
    const all = textsOf(planFor(400).plan);
    expect(all.length).toBeLessThan(12_000);
    expect(all).toMatch(/…and \d+ more \(the plan is in the log in full\)\./);
  });
});
