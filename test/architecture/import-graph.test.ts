// The shape of src/ as docs/architecture.md draws it: the domain imports no SDK and no outer layer,
// adapters import neither Slack nor the sandbox, and no two modules import each other (type-only
// imports count). The checker is tested on tiny fake source trees first, so it can fail.
import { join } from 'node:path';
import { type ImportEdge, importCircles, importGraph, readSources, ruleViolations } from './import-graph';

/**
 * Edges the rules allow on purpose. The message-intent port is Slack's (it lives beside
 * src/slack/delivery.ts, its only user); the stores implement it, so they import its types and
 * nothing else of Slack. Every other adapter -> slack/ or sandbox/ arrow still fails.
 */
const MESSAGE_INTENTS = 'src/slack/message-intents.ts';
const ALLOWED: Pick<ImportEdge, 'from' | 'to'>[] = [
  { from: 'src/adapters/store/roles.ts', to: MESSAGE_INTENTS },
  { from: 'src/adapters/store/sqlite.ts', to: MESSAGE_INTENTS },
  { from: 'src/adapters/store/dynamodb-messages.ts', to: MESSAGE_INTENTS },
];

const graphOf = (files: Record<string, string>) => importGraph(new Map(Object.entries(files)));
const describeEdge = ({ from, to, kind }: ImportEdge) => `${from} -> ${to} (${kind})`;

describe('the import graph of src/', () => {
  const edges = importGraph(readSources(join(__dirname, '..', '..')));

  it('is read (a broken reader would pass every rule)', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges).toContainEqual(
      expect.objectContaining({
        from: 'src/peering/reconcile.ts',
        to: 'src/peering/announce.ts',
        kind: 'value',
      }),
    );
    expect(edges).toContainEqual(
      expect.objectContaining({ from: 'src/adapters/ec2/sdk.ts', to: '@aws-sdk/client-ec2', external: true }),
    );
  });

  it('keeps the layers: no SDK or outer layer in src/peering, no Slack or sandbox in src/adapters', () => {
    const broken = ruleViolations(edges, ALLOWED).map(({ rule, edge }) => `${rule}: ${describeEdge(edge)}`);
    expect(broken).toEqual([]);
  });

  it('has no import circles, type-only ones included', () => {
    expect(importCircles(edges).map((circle) => circle.join(' <-> '))).toEqual([]);
  });
});

describe('the import graph checker', () => {
  it('flags an SDK in src/peering, whether imported, type-imported, re-exported or loaded lazily', () => {
    const edges = graphOf({
      'src/peering/a.ts': "import { EC2Client } from '@aws-sdk/client-ec2';\nimport * as z from 'zod';",
      'src/peering/b.ts':
        "import type { KnownBlock } from '@slack/types';\nimport { randomUUID } from 'node:crypto';",
      'src/peering/c.ts': "export { default } from 'better-sqlite3';",
      'src/peering/d.ts': "export const load = () => import('@aws-sdk/client-sts');",
      'src/peering/e.ts': "export type Client = import('@slack/web-api').WebClient;",
      'src/slack/f.ts': "import { App } from '@slack/bolt';",
    });
    expect(ruleViolations(edges).map(({ edge }) => `${edge.from} ${edge.to} ${edge.kind}`)).toEqual([
      'src/peering/a.ts @aws-sdk/client-ec2 value',
      'src/peering/b.ts @slack/types type',
      'src/peering/c.ts better-sqlite3 value',
      'src/peering/d.ts @aws-sdk/client-sts dynamic',
      'src/peering/e.ts @slack/web-api type',
    ]);
  });

  it('flags src/peering importing an outer layer', () => {
    const edges = graphOf({
      'src/peering/a.ts': "import type { SlackMessage } from '../slack/views/message';",
      'src/peering/b.ts': "import { makeStore } from '../container/aws.js';\nimport { x } from './a';",
      'src/slack/views/message.ts': '',
      'src/container/aws.ts': '',
    });
    expect(ruleViolations(edges).map(({ edge }) => describeEdge(edge))).toEqual([
      'src/peering/a.ts -> src/slack/views/message.ts (type)',
      'src/peering/b.ts -> src/container/aws.ts (value)',
    ]);
  });

  it('flags src/adapters importing src/slack or src/sandbox, except an allowed edge', () => {
    const edges = graphOf({
      'src/adapters/ec2/a.ts': "import type { AivenSandbox } from '../../sandbox/aiven-sandbox';",
      'src/adapters/ec2/b.ts': "export { DELETION_ACTIONS } from '../../slack/ids.js';",
      'src/adapters/store/c.ts': "import type { PeeringRecord } from '../../peering/model';",
      'src/sandbox/aiven-sandbox.ts': '',
      'src/slack/ids.ts': '',
      'src/peering/model.ts': '',
    });
    expect(ruleViolations(edges).map(({ edge }) => describeEdge(edge))).toEqual([
      'src/adapters/ec2/a.ts -> src/sandbox/aiven-sandbox.ts (type)',
      'src/adapters/ec2/b.ts -> src/slack/ids.ts (value)',
    ]);
    const allowed = [{ from: 'src/adapters/ec2/a.ts', to: 'src/sandbox/aiven-sandbox.ts' }];
    expect(ruleViolations(edges, allowed).map(({ edge }) => edge.from)).toEqual(['src/adapters/ec2/b.ts']);
  });

  it('finds circles made of type-only imports, across three files, through index.ts, and of one file', () => {
    const edges = graphOf({
      'src/peering/announce.ts': "import type { PeeringChangeHooks } from './reconcile';",
      'src/peering/reconcile.ts': "import { makeAnnouncer } from './announce';",
      'src/slack/a.ts': "import { b } from './b.js';",
      'src/slack/b.ts': "import type { C } from './views';",
      'src/slack/views/index.ts': "export type { A } from '../a';",
      'src/slack/self.ts': "import type { Self } from './self';",
      'src/slack/leaf.ts': "import { b } from './b';",
    });
    expect(importCircles(edges)).toEqual([
      ['src/peering/announce.ts', 'src/peering/reconcile.ts'],
      ['src/slack/a.ts', 'src/slack/b.ts', 'src/slack/views/index.ts'],
      ['src/slack/self.ts'],
    ]);
  });

  it('counts no circle where the way back is a lazy import() or there is no way back', () => {
    const edges = graphOf({
      'src/slack/subcommands.ts': "export const load = () => import('./commands/help.js');",
      'src/slack/commands/help.ts': "import { SUBCOMMANDS } from '../subcommands';",
      'src/peering/reconcile.ts':
        "import { makeAnnouncer } from './announce';\nimport type { H } from './change-hooks';",
      'src/peering/announce.ts': "import type { H } from './change-hooks';",
      'src/peering/change-hooks.ts': "import type { PeeringRecord } from './model';",
      'src/peering/model.ts': '',
    });
    expect(importCircles(edges)).toEqual([]);
  });
});
