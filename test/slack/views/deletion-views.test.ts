// The deletion views as a reader sees them: the form's groups and options, the request before and
// after its decision, and a peering's history, within Slack's limits.
import type { AuditEvent } from '../../../src/peering/deletion';
import type { PeeringRecord } from '../../../src/peering/model';
import { renderDeletionForm } from '../../../src/slack/views/deletion-form';
import { renderDeleting, renderDeletionRequest } from '../../../src/slack/views/deletion-request';
import { renderPeeringHistory } from '../../../src/slack/views/peering-history';
import { makeRecord } from '../../adapters/store-contract';
import { makeDeletionRequest } from '../../adapters/store-contract-deletion';

type Select = {
  block_id?: string;
  element?: {
    option_groups?: { label: { text: string }; options: { text: { text: string }; value: string }[] }[];
    initial_option?: { value: string };
  };
};

const record = (overrides: Partial<PeeringRecord> = {}): PeeringRecord =>
  makeRecord({ aivenPeeringId: 'a1b2c3d4-0000-4000-8000-000000000001', state: 'ACTIVE', ...overrides });

describe('deletion views', () => {
  it('groups the peerings by org VPC, each with account, region, VPC and state', () => {
    const prod = record();
    const other = record({
      spec: { ...prod.spec, awsVpcId: 'vpc-0aaaaaaaaaaaaaaaa', awsAccountId: '999988887777' },
      orgVpc: { ...prod.orgVpc, id: 'other', name: 'staging', cidr: '10.9.0.0/24' },
      state: 'PENDING_PEER',
    });
    const view = renderDeletionForm({ channelId: 'C0PLATFORM' }, [prod, other], other.id);
    const select = (view.blocks as Select[]).find((b) => b.block_id === 'peering')?.element;
    expect(select?.option_groups?.map((g) => g.label.text)).toEqual([
      'prod-vpc · aws-eu-west-1 · 10.0.0.0/24',
      'staging · aws-eu-west-1 · 10.9.0.0/24',
    ]);
    expect(select?.option_groups?.[1]?.options).toEqual([
      {
        text: expect.objectContaining({
          text: '999988887777 · eu-west-1 · vpc-0aaaaaaaaaaaaaaaa · Waiting for AWS',
        }),
        value: other.id,
      },
    ]);
    expect(select?.initial_option?.value).toBe(other.id);
    expect(JSON.parse(view.private_metadata as string)).toEqual({ channelId: 'C0PLATFORM' });
  });

  it('keeps a long reason within the section limit and escapes it', () => {
    const request = makeDeletionRequest({ reason: `<!channel> ${'x'.repeat(5000)}` });
    const message = renderDeletionRequest(request, record());
    for (const block of message.blocks as { text?: { text: string } }[]) {
      expect((block.text?.text ?? '').length).toBeLessThanOrEqual(3000);
    }
    expect(JSON.stringify(message.blocks)).not.toContain('<!channel>');
  });

  it('shows who decided in place of the buttons', () => {
    const decided = makeDeletionRequest({
      status: 'rejected',
      decidedBy: 'U0BOB',
      decidedAt: '2026-07-01T12:05:00.000Z',
    });
    const message = renderDeletionRequest(decided, record());
    expect(message.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(message.blocks)).toContain('*Rejected* by <@U0BOB> <!date^1782907500^');
  });

  it('renders the history oldest first and only the latest 20 events', () => {
    const events: AuditEvent[] = Array.from({ length: 25 }, (_, i) => ({
      peeringId: 'p1',
      action: i === 0 ? 'deletion-requested' : 'deletion-retried',
      actor: i === 0 ? 'U0ALICE' : 'U0BOB',
      at: new Date(Date.UTC(2026, 6, 1, 12, i)).toISOString(),
      channelId: 'C0PLATFORM',
      ...(i === 0 ? { reason: 'old' } : {}),
    }));
    const [block] = renderPeeringHistory(events) as { text: { text: string } }[];
    const lines = block?.text.text.split('\n') ?? [];
    expect(lines[0]).toBe('*History* (latest 20; 5 older not shown)');
    expect(lines).toHaveLength(21);
    expect(lines[1]).toContain('<@U0BOB> asked to retry the deletion in <#C0PLATFORM>');
    expect(renderPeeringHistory([])).toEqual([expect.objectContaining({ type: 'section' })]);
  });
});

describe('the delete outcome in the thread', () => {
  const approved = makeDeletionRequest({ status: 'approved', decidedBy: 'U0BOB' });
  const said = (r: PeeringRecord) =>
    (renderDeleting(r, approved).blocks as { text?: { text: string } }[])[0]?.text?.text;

  it('says what the job found: deleting, already deleted, or a request that had ended', () => {
    expect(said(record({ state: 'DELETING' }))).toContain('Aiven is deleting peering');
    expect(said(record({ state: 'DELETING' }))).toContain('State: *Deleting (DELETING)*');
    const gone = said(record({ state: 'DELETED' }));
    expect(gone).toContain('was already deleted in Aiven, outside vpc-peer');
    expect(gone).not.toContain('*DELETING*');
    expect(said(record({ state: 'EXPIRED' }))).toContain('had already ended (*Expired*)');
  });
});
