// One table of subcommands (src/slack/subcommands.ts): the help, the dispatch of the real Bolt
// receiver, the playground's usage hint and manifest.yml's `usage_hint` list the same subcommands.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Playground, startPlayground } from '../../src/sandbox/playground';
import type { PlaygroundState } from '../../src/sandbox/playground/protocol';
import { SUBCOMMANDS, subcommandUsage } from '../../src/slack/subcommands';
import { startTestBot, type TestBot } from '../support/bot';

const manifest = readFileSync(join(__dirname, '..', '..', 'manifest.yml'), 'utf8');
const manifestHint = /^\s+usage_hint: "(.*)"$/m.exec(manifest)?.[1] ?? '';
const manifestDescription = /^\s+- command: \/vpc-peer\n(?:\s+\w+: .*\n)*?\s+description: (.*)$/m.exec(
  manifest,
)?.[1];

/** `[create | list [org VPC name] | delete [a | b]]` -> `['create', 'list [org VPC name]', 'delete [a | b]']`. */
function entriesOf(hint: string): string[] {
  const inner = hint.replace(/^\[/, '').replace(/\]$/, '');
  const entries: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of inner) {
    if (c === '[' || c === '<') depth++;
    if (c === ']' || c === '>') depth--;
    if (c === '|' && depth === 0) {
      entries.push(current.trim());
      current = '';
    } else current += c;
  }
  return [...entries, current.trim()].filter(Boolean);
}

const manifestEntries = entriesOf(manifestHint);

describe('/vpc-peer subcommands', () => {
  let t: TestBot;
  let playground: Playground;
  beforeAll(async () => {
    t = await startTestBot();
    playground = await startPlayground({
      port: 0,
      botToken: 'xoxb-local-subcommands',
      sandbox: undefined,
      approvers: [],
      aws: { manual: 'no AWS' },
    });
  });
  afterAll(async () => {
    await t?.stop();
    await playground?.close();
  });

  it("manifest.yml's usage hint is the subcommand table's, row for row", () => {
    expect(manifestEntries).toEqual(SUBCOMMANDS.map(subcommandUsage));
    for (const name of ['create', 'list', 'status', 'delete', 'help'])
      expect(manifestEntries.map((e) => e.split(' ')[0])).toContain(name);
    expect(manifestDescription).toBe(
      'Request, follow or delete Aiven organization VPC peerings with your AWS VPCs',
    );
  });

  it('help lists every subcommand of the manifest, with its arguments, only for the asker', async () => {
    const answer = JSON.parse((await t.command('help')).text) as { response_type: string; text: string };
    expect(answer.response_type).toBe('ephemeral');
    for (const entry of manifestEntries) expect(answer.text).toContain(`\`/vpc-peer ${entry}\`: `);
    const listed = answer.text.split('\n').filter((line) => line.startsWith('• '));
    expect(listed).toHaveLength(manifestEntries.length);
  });

  it('every subcommand of the manifest is understood, and nothing else', async () => {
    for (const entry of manifestEntries) {
      const name = entry.split(' ')[0];
      const answer = await t.command(name);
      expect(answer.status).toBe(200);
      expect(answer.text).not.toContain("I don't know");
    }
    const unknown = JSON.parse((await t.command('frobnicate')).text) as { text: string };
    expect(unknown.text).toContain("I don't know `frobnicate`");
  });

  it("the playground shows the manifest's usage hint and description while typing the command", async () => {
    const res = await fetch(`${playground.url}playground/api/state?user=U0ALICE`);
    const state = (await res.json()) as PlaygroundState;
    expect(state.command).toEqual({
      name: '/vpc-peer',
      usageHint: manifestHint,
      description: manifestDescription,
    });
  });
});
