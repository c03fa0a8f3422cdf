// After a submission the thread moves while the requester watches: the create job starts the fast
// watch, whose checks (here every second instead of 12) report Aiven's next state without the poll.
import { SANDBOX_TIMINGS, SEED_IDS } from '../../src/sandbox/aiven-sandbox';
import { startTestBot, type TestBot } from '../support/bot';

describe('fast watch after a submission', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({}, { watchIntervalSeconds: 1 });
  });
  afterEach(async () => {
    await t.stop();
  });

  it('posts the PENDING_PEER reply in the thread without waiting for the minute poll', async () => {
    await t.request({
      org_vpc: SEED_IDS.prodEu,
      aws_account_id: '210987654321',
      aws_region: 'eu-west-1',
      aws_vpc_id: 'vpc-0123456789abcdef0',
    });
    const replies = () => t.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts !== undefined);
    expect(replies()).toHaveLength(1);
    t.aiven.advance(SANDBOX_TIMINGS.approvedMs);
    // Waits for the next check (about a second); the loop only bounds a broken watch.
    for (let i = 0; i < 100 && replies().length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(replies()).toHaveLength(2);
    expect(String(replies()[1]?.args.text)).toContain('Approved → Waiting for AWS');
    // Only the org VPC was read (one get per check): no list, no create.
    const lists = t.aiven.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/vpcs'));
    expect(lists).toHaveLength(1); // the form's load, before the submission
  });
});
