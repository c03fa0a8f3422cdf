// The state model agrees with itself: what ends a record (isOpen) is what no longer blocks a new
// peering in Aiven's snapshot (peeringExists), and every state tells the user what it means.
import { AIVEN_PEERING_STATES, CLOSED_STATES, isOpen, type PeeringState } from '../../src/peering/model';
import { peeringExists } from '../../src/peering/rules';
import { STATE_DESCRIPTIONS } from '../../src/peering/states';

const now = new Date('2026-07-10T12:00:00.000Z');

describe('peering states', () => {
  it.each(AIVEN_PEERING_STATES)('%s blocks a new request exactly when the record stays open', (state) => {
    expect(peeringExists({ state, updateTime: '2026-07-10T11:00:00.000Z' }, now)).toBe(isOpen(state));
  });

  it('ended states free the VPC; ERROR does not (Aiven support needs it as it is)', () => {
    expect([...CLOSED_STATES].sort()).toEqual(
      [
        'CREATE_FAILED',
        'DELETED',
        'DELETED_BY_PEER',
        'EXPIRED',
        'INVALID_SPECIFICATION',
        'REJECTED_BY_PEER',
      ].sort(),
    );
    expect(isOpen('ERROR')).toBe(true);
  });

  it('a PENDING_PEER request older than 7 days no longer blocks a new one', () => {
    expect(peeringExists({ state: 'PENDING_PEER', updateTime: '2026-07-03T11:59:00.000Z' }, now)).toBe(false);
    expect(peeringExists({ state: 'PENDING_PEER', updateTime: '2026-07-03T12:01:00.000Z' }, now)).toBe(true);
  });

  it('every state has a label and says what to do next', () => {
    const record = {
      spec: { awsAccountId: '210987654321', awsRegion: 'eu-west-1', awsVpcId: 'vpc-0123456789abcdef0' },
      orgVpc: { cidr: '10.20.0.0/24' },
    } as never;
    const states = Object.keys(STATE_DESCRIPTIONS) as PeeringState[];
    expect(states).toEqual(
      expect.arrayContaining([...AIVEN_PEERING_STATES, 'REQUESTED', 'CREATE_FAILED', 'EXPIRED']),
    );
    for (const state of states) {
      const description = STATE_DESCRIPTIONS[state];
      expect(description.label.length).toBeGreaterThan(0);
      expect(description.explain(record)).toMatch(
        /Nothing|request it again|Request it again|Accept|Contact|Remove|nothing/i,
      );
    }
  });
});
