// The create reply in the thread tells what vpc-peer did with the Transit Gateway's RAM share before
// asking Aiven (shared it, added Aiven's account to its share, or found the team's share), once.
// Through the real Bolt receiver, the Aiven sandbox and moto behind the recording proxy.
import { CreateResourceShareCommand } from '@aws-sdk/client-ram';
import { SEED_IDS } from '../../src/sandbox/aiven-sandbox';
import { awsClientConfig } from '../support/aws';
import type { AwsProxy } from '../support/aws-proxy';
import { startTestBot, type TestBot } from '../support/bot';
import {
  AIVEN,
  createTransitGatewayHub,
  sharesOf,
  startTransitGatewayProxy,
  type TransitGatewayHub,
} from '../support/transit-gateway';
import { textOf } from './helpers';

let proxy: AwsProxy | undefined;
let t: TestBot | undefined;
afterEach(async () => {
  await t?.stop();
  await proxy?.close();
  t = undefined;
  proxy = undefined;
});

async function start() {
  proxy = await startTransitGatewayProxy();
  t = await startTestBot(
    { ACCEPTER_ROLE_NAME: 'vpc-peer-accepter' },
    { aws: { ...awsClientConfig(), endpoint: proxy.url } },
  );
  const hub = await createTransitGatewayHub({ endpoint: proxy.url });
  return { t, hub };
}

/** Requests an attachment of prod-eu to the hub through the modal; the thread's replies, as texts. */
async function request(bot: TestBot, hub: TransitGatewayHub): Promise<string[]> {
  await bot.request({
    org_vpc: SEED_IDS.prodEu,
    aws_account_id: hub.accountId,
    aws_region: undefined,
    aws_vpc_id: hub.tgwId,
    extra_cidrs: '10.1.0.0/16',
  });
  return replies(bot);
}

/** Every reply in a thread, as texts. */
const replies = (bot: TestBot) =>
  bot.slack
    .callsTo('chat.postMessage')
    .filter((call) => call.args.thread_ts !== undefined)
    .map((call) => textOf(call));

const shareOf = async (hub: TransitGatewayHub, name: string, principals: string[]) =>
  (
    await hub.ram.send(
      new CreateResourceShareCommand({
        name,
        resourceArns: [hub.tgwArn],
        principals,
        allowExternalPrincipals: true,
      }),
    )
  ).resourceShare?.resourceShareArn as string;

const mentioning = (replies: string[], words: string) => replies.filter((reply) => reply.includes(words));

describe('the create reply tells the Transit Gateway share (moto)', () => {
  it('names the share it created and that Delete with approval removes it, once', async () => {
    const { t, hub } = await start();
    const said = await request(t, hub);
    const arn = (await sharesOf(hub.ram)).find((s) => s.name === `vpc-peer-${hub.tgwId}`)?.resourceShareArn;
    expect(arn).toBeDefined();
    const told = mentioning(said, 'through RAM');
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('Aiven created attachment');
    expect(told[0]).toContain(
      `Shared Transit Gateway ${hub.tgwId} with Aiven's AWS account ${AIVEN} through RAM (share ${arn}, named vpc-peer-${hub.tgwId}); Delete with approval removes it again`,
    );
    // The reconcile and a second look change nothing in the thread's account of the share.
    await t.bot.reconcile();
    await t.idle();
    expect(mentioning(replies(t), 'through RAM')).toHaveLength(1);
  });

  it("names the bot's share Aiven's account was added to", async () => {
    const { t, hub } = await start();
    const arn = await shareOf(hub, `vpc-peer-${hub.tgwId}`, ['123456789012']);
    // moto has no AssociateResourceShare: RAM's answer shape for it (API reference).
    proxy?.answerWith({
      action: 'AssociateResourceShare',
      answer: () => ({
        status: 200,
        body: JSON.stringify({
          resourceShareAssociations: [
            {
              resourceShareArn: arn,
              resourceShareName: `vpc-peer-${hub.tgwId}`,
              associatedEntity: AIVEN,
              associationType: 'PRINCIPAL',
              status: 'ASSOCIATING',
              external: true,
            },
          ],
        }),
      }),
    });
    const said = await request(t, hub);
    expect(proxy?.actions('AssociateResourceShare').map((c) => c.json)).toEqual([
      expect.objectContaining({ resourceShareArn: arn, principals: [AIVEN] }),
    ]);
    expect(mentioning(said, 'Aiven created attachment').join('\n')).toContain(
      `Added Aiven's AWS account ${AIVEN} to vpc-peer's RAM share ${arn} (vpc-peer-${hub.tgwId}) of Transit Gateway ${hub.tgwId}; Delete with approval removes it again`,
    );
  });

  it("says the team's own share is left alone", async () => {
    const { t, hub } = await start();
    const arn = await shareOf(hub, 'network-hub', [AIVEN]);
    const said = await request(t, hub);
    const told = mentioning(said, 'Aiven created attachment').join('\n');
    expect(told).toContain(
      `Transit Gateway ${hub.tgwId} was already shared with Aiven's AWS account ${AIVEN} by share ${arn} (yours: vpc-peer leaves it alone).`,
    );
    expect(told).not.toContain('Delete with approval removes');
  });

  it('when Aiven refuses, says the share stays and how to remove it', async () => {
    const { t, hub } = await start();
    t.aiven.failNext({
      method: 'POST',
      pathIncludes: '/peering-connections',
      status: 409,
      message: 'Transit Gateway attachment quota reached',
    });
    const said = await request(t, hub);
    const arn = (await sharesOf(hub.ram))[0]?.resourceShareArn;
    const failed = mentioning(said, 'was not created');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toContain(
      `Shared Transit Gateway ${hub.tgwId} with Aiven's AWS account ${AIVEN} through RAM (share ${arn}, named vpc-peer-${hub.tgwId}) before asking Aiven; it stays.`,
    );
    expect(failed[0]).toContain(
      `aws ram disassociate-resource-share --region eu-west-1 --resource-share-arn ${arn} --principals ${AIVEN}`,
    );
  });
});
