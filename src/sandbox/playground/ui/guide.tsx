// What someone trying the bot needs at hand: the AWS account and VPC (or Transit Gateway and CIDR)
// to type into the create modal (moto's team account) or a word on the manual path, and who may
// approve a deletion.
import type { PlaygroundGuide } from '../protocol';

export function Guide({ guide }: { guide: PlaygroundGuide }) {
  const { aws } = guide;
  return (
    <section class="sandbox-panel guide" aria-label="Try it">
      <h3>Try it</h3>
      {'manual' in aws ? (
        <p>{aws.manual}</p>
      ) : (
        <dl>
          <dt>AWS account (moto)</dt>
          <dd>
            <code>{aws.accountId}</code>
          </dd>
          <dt>AWS VPC · region</dt>
          <dd>
            <code>{aws.vpcId}</code> · {aws.region}
          </dd>
          <dt>Or a Transit Gateway · the CIDR behind it</dt>
          <dd>
            <code>{aws.transitGatewayId}</code> · <code>{aws.cidr}</code>
          </dd>
        </dl>
      )}
      <p>
        Approvers: <strong>{guide.approvers}</strong>
      </p>
    </section>
  );
}
