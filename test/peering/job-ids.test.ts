// Job ids are idempotency keys that outlive a deploy (the durable queue, SQS deduplication, `job:<id>`
// claims, the sweeper re-queueing what a handler queued): a changed format would let a job queued by
// the old version run again under the new one. These are the formats stored today.
import {
  applyAcceptJob,
  applyApprovedReplaceJob,
  changePeerCidrsJob,
  createPeeringJob,
  deletePeeringJob,
  findPeeringForDeletionJob,
  planAcceptJob,
  shareTerraformFileJob,
  showDeletionRequestJob,
  showReplaceRequestJob,
  tellHandOverJob,
  watchPeeringId,
} from '../../src/peering/job-ids';

describe('job ids', () => {
  it('keep the formats already stored in queues and claims', () => {
    expect(showDeletionRequestJob('del-V1', 'open')).toEqual({
      kind: 'show-deletion-request',
      id: 'show-deletion-request:del-V1:open',
      requestId: 'del-V1',
    });
    expect(showDeletionRequestJob('del-V1').id).toBe('show-deletion-request:del-V1');
    expect(deletePeeringJob('del-V1', 2)).toEqual({
      kind: 'delete-peering',
      id: 'delete-peering:del-V1:2',
      requestId: 'del-V1',
      attempt: 2,
    });
    expect(createPeeringJob('p1')).toEqual({ kind: 'create-peering', id: 'create-p1', peeringId: 'p1' });
    expect(createPeeringJob('p1', 'https://hooks.slack.com/x').responseUrl).toBe('https://hooks.slack.com/x');
    expect(watchPeeringId('p1', new Date('2026-07-01T12:00:00Z'))).toBe('watch:p1:2026-07-01T12:00:00.000Z');
    expect(planAcceptJob('p1', 'pcx-1').id).toBe('plan-accept:p1:pcx-1');
    expect(
      applyAcceptJob({ peeringId: 'p1', round: 3, mode: 'replace', userId: 'U1' }, '1700000000.000100'),
    ).toEqual({
      kind: 'apply-accept',
      id: 'apply-accept:p1:3:replace:U1:1700000000.000100',
      peeringId: 'p1',
      round: 3,
      mode: 'replace',
      userId: 'U1',
    });
    expect(
      applyApprovedReplaceJob('p1', { round: 2, requestedAt: '2026-07-01T12:00:00.000Z', requestedBy: 'U1' }),
    ).toEqual({
      kind: 'apply-accept',
      id: 'apply-accept:p1:2:replace:approved:2026-07-01T12:00:00.000Z',
      peeringId: 'p1',
      round: 2,
      mode: 'replace',
      userId: 'U1',
    });
    expect(showReplaceRequestJob('p1', 2, 'approve:U2')).toEqual({
      kind: 'show-replace-request',
      id: 'show-replace-request:p1:2:approve:U2',
      peeringId: 'p1',
      round: 2,
    });
    expect(changePeerCidrsJob('p1', 'c1')).toEqual({
      kind: 'change-peer-cidrs',
      id: 'change-peer-cidrs:c1',
      peeringId: 'p1',
      changeId: 'c1',
    });
    expect(tellHandOverJob('p1').id).toBe('tell-hand-over:p1');
    // One job per ask; the file itself is shared once per content (src/slack/file-delivery.ts).
    expect(shareTerraformFileJob('p1', 'U1', 'a1')).toEqual({
      kind: 'share-terraform-file',
      id: 'share-terraform-file:p1:a1',
      peeringId: 'p1',
      userId: 'U1',
    });
    expect(
      findPeeringForDeletionJob('T1', { name: 'pcx-1', userId: 'U1', channelId: 'C1', responseUrl: 'u' }).id,
    ).toBe('find-peering-for-deletion:T1');
  });
});
