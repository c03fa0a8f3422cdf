// The Terraform file as Slack messages: every part a code block within a section's 3000 characters,
// each message within Slack's size limit, the parts in order making the whole file.
import type { OrgVpc } from '../../src/peering/model';
import { renderTerraformHandOff, type TerraformPeering } from '../../src/peering/terraform';
import type { SlackMessage } from '../../src/slack/views/peering-message';
import { MAX_TERRAFORM_MESSAGES, renderTerraformMessages } from '../../src/slack/views/terraform';
import { parseHcl } from '../support/hcl';

const orgVpc: OrgVpc = {
  id: '0b6c8a4e-1d2f-4a3b-9c8d-7e6f5a4b3c2d',
  name: 'prod-eu',
  cloudName: 'aws-eu-west-1',
  awsRegion: 'eu-west-1',
  cidr: '10.20.0.0/24',
  state: 'ACTIVE',
};
const peering = (i: number): TerraformPeering => {
  const n = String(i).padStart(2, '0');
  return {
    aivenPeeringId: `4d7e9a10-2b3c-4e5f-8a6b-7c8d9e0f1a${n}`,
    state: 'ACTIVE',
    awsAccountId: '111122223333',
    awsVpcId: `vpc-0a1b2c3d4e5f678${n}`,
    awsRegion: 'eu-west-1',
    pcxId: `pcx-0123456789abcde${n}`,
    routes: [
      { routeTableId: `rtb-0aaaaaaaaaaaaaa${n}`, destination: '10.20.0.0/24' },
      { routeTableId: `rtb-0bbbbbbbbbbbbbb${n}`, destination: '10.20.0.0/24' },
    ],
    madeOutsideVpcPeer: false,
  };
};

function render(count: number) {
  const file = renderTerraformHandOff({
    organizationId: 'org4f9a1b2c3d4',
    orgVpc,
    peerings: Array.from({ length: count }, (_, i) => peering(i)),
  });
  return {
    file,
    messages: renderTerraformMessages({ file, orgVpcName: 'prod-eu', count, handOverIds: ['a', 'b'] }),
  };
}

const sections = (message: SlackMessage) =>
  message.blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));

it.each([1, 3, 8])('%i peerings: parts within the limits that make the whole file', async (count) => {
  const { file, messages } = render(count);
  if ('tooLong' in messages) throw new Error('too long');
  expect(messages.length).toBeGreaterThanOrEqual(count === 8 ? 2 : 1);
  for (const message of messages) {
    expect(JSON.stringify(message.blocks).length).toBeLessThan(13_000);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const text of sections(message)) expect(text.length).toBeLessThanOrEqual(3000);
  }
  const hcl = messages
    .flatMap(sections)
    .filter((text) => text.startsWith('```'))
    .map((text) => text.slice(3, -3).replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&'))
    .join('\n\n');
  expect(hcl).toBe(file.hcl);
  const json = (await parseHcl('all.tf', hcl)) as { import: unknown[] };
  expect(json.import).toHaveLength(count * 4);
  // The hand-over button comes once, after the last part.
  const buttons = messages.map((m) => JSON.stringify(m.blocks).includes('peering_hand_over'));
  expect(buttons).toEqual(messages.map((_, i) => i === messages.length - 1));
});

it(`past ${MAX_TERRAFORM_MESSAGES} messages it says so instead of sending part of the file`, () => {
  const { messages } = render(30);
  expect(messages).toEqual({ tooLong: expect.any(Number) });
});
