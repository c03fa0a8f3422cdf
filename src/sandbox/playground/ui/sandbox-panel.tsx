// Controls for the embedded Aiven sandbox: what AWS or the Aiven Console would do, on demand.
import { useState } from 'preact/hooks';
import type { PlaygroundAction, SandboxSummary } from '../protocol';

const ADVANCES = [
  { label: '+5 s', ms: 5_000 },
  { label: '+30 s', ms: 30_000 },
  { label: '+5 min', ms: 300_000 },
  { label: '+1 h', ms: 3_600_000 },
];

export function SandboxPanel({
  sandbox,
  run,
}: {
  sandbox: SandboxSummary;
  run(action: PlaygroundAction): Promise<void>;
}) {
  const [peeringId, setPeeringId] = useState('');
  const [outside, setOutside] = useState({
    orgVpcId: '',
    peerAccount: '123456789012',
    peerVpc: 'vpc-0feedbeef00000001',
    peerRegion: '',
  });
  const chosen = sandbox.peerings.find((p) => p.id === peeringId) ?? sandbox.peerings.at(-1);
  // What is typed for the chosen peering; until then Aiven's current list, to edit from.
  const [typedCidrs, setTypedCidrs] = useState({ peeringId: '', text: '' });
  const cidrsText =
    chosen && typedCidrs.peeringId === chosen.id ? typedCidrs.text : (chosen?.extraCidrs.join(', ') ?? '');
  const vpcName = (id: string) => sandbox.vpcs.find((v) => v.id === id)?.name ?? id;
  const peerSide = (state: 'ACTIVE' | 'REJECTED_BY_PEER' | 'DELETED_BY_PEER') =>
    chosen && void run({ kind: 'sandbox-peering-state', peeringId: chosen.id, state });
  return (
    <section class="sandbox-panel" aria-label="Aiven sandbox">
      <h3>Aiven sandbox</h3>
      <div class="row">
        <span>Clock</span>
        {ADVANCES.map((a) => (
          <button type="button" onClick={() => void run({ kind: 'sandbox-advance', ms: a.ms })}>
            {a.label}
          </button>
        ))}
      </div>
      <label>
        Peering
        <select
          aria-label="Sandbox peering"
          value={chosen?.id ?? ''}
          onChange={(e) => setPeeringId((e.target as HTMLSelectElement).value)}
        >
          {sandbox.peerings.length === 0 && <option value="">none yet</option>}
          {sandbox.peerings.map((p) => (
            <option value={p.id}>
              {vpcName(p.orgVpcId)} ⟷ {p.peerVpc} · {p.state}
            </option>
          ))}
        </select>
      </label>
      <div class="row">
        <button type="button" disabled={!chosen} onClick={() => peerSide('ACTIVE')}>
          Accepted in AWS
        </button>
        <button type="button" disabled={!chosen} onClick={() => peerSide('REJECTED_BY_PEER')}>
          Rejected by peer
        </button>
        <button type="button" disabled={!chosen} onClick={() => peerSide('DELETED_BY_PEER')}>
          Deleted by peer
        </button>
      </div>
      <details>
        <summary>Extra CIDRs changed outside the bot</summary>
        <input
          aria-label="Outside extra CIDRs"
          placeholder="e.g. 10.50.0.0/16, 192.168.4.0/24 (empty removes all)"
          value={cidrsText}
          disabled={!chosen}
          onInput={(e) =>
            chosen && setTypedCidrs({ peeringId: chosen.id, text: (e.target as HTMLInputElement).value })
          }
        />
        <button
          type="button"
          disabled={!chosen}
          onClick={() =>
            chosen && void run({ kind: 'sandbox-extra-cidrs', peeringId: chosen.id, cidrs: cidrsText })
          }
        >
          Change as in the Aiven Console
        </button>
      </details>
      <details>
        <summary>Peering created outside the bot</summary>
        <select
          aria-label="Outside org VPC"
          value={outside.orgVpcId}
          onChange={(e) => setOutside({ ...outside, orgVpcId: (e.target as HTMLSelectElement).value })}
        >
          <option value="">Org VPC…</option>
          {sandbox.vpcs.map((v) => (
            <option value={v.id}>
              {v.name} · {v.cloud} · {v.state}
            </option>
          ))}
        </select>
        <input
          aria-label="Outside AWS account"
          value={outside.peerAccount}
          onInput={(e) => setOutside({ ...outside, peerAccount: (e.target as HTMLInputElement).value })}
        />
        <input
          aria-label="Outside AWS VPC"
          value={outside.peerVpc}
          onInput={(e) => setOutside({ ...outside, peerVpc: (e.target as HTMLInputElement).value })}
        />
        <input
          aria-label="Outside AWS region"
          placeholder="region (optional)"
          value={outside.peerRegion}
          onInput={(e) => setOutside({ ...outside, peerRegion: (e.target as HTMLInputElement).value })}
        />
        <button
          type="button"
          disabled={!outside.orgVpcId}
          onClick={() => void run({ kind: 'sandbox-outside-peering', ...outside })}
        >
          Create as in the Aiven Console
        </button>
      </details>
    </section>
  );
}
