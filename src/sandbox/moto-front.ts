// The playground's AWS endpoint: moto, plus what moto lacks for Aiven's Transit Gateway attachment.
// moto makes every VPC attachment `available` at once, has no AcceptTransitGatewayVpcAttachment
// (HTTP 500) and no cross-account view (so the sandbox attaches a stand-in VPC in the team's account,
// src/sandbox/aiven-attachments.ts). In front of it, on loopback, this stands in for AWS for the
// attachments the sandbox makes (tagged ATTACHED_FROM_TAG): they read `pendingAcceptance` and come
// from Aiven's account until the team accepts them, and the accept answers as EC2 does. Everything
// else passes to moto unchanged. Local use only (npm start, tests); it talks to moto and nothing else.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The sandbox tags its attachment with Aiven's account id under this key. */
export const ATTACHED_FROM_TAG = 'aiven-sandbox:attached-from';

export interface MotoFront {
  url: string;
  close(): Promise<void>;
}

interface AivenAttachment {
  aivenAccountId: string;
  accepted: boolean;
}

type Answer = { status: number; body: string; contentType: string };

const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

function ec2Error(code: string, message: string): Answer {
  return {
    status: 400,
    contentType: 'text/xml',
    body: `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>playground</RequestID></Response>`,
  };
}

/** The first `<name>…</name>` in `xml`. */
const field = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

/** The value tagged ATTACHED_FROM_TAG in a create call's TagSpecifications, if any. */
function attachedFrom(params: URLSearchParams): string | undefined {
  for (const [key, value] of params) {
    const tag = /^(TagSpecifications\.\d+\.Tag\.\d+\.)Key$/.exec(key);
    if (tag && value === ATTACHED_FROM_TAG) return params.get(`${tag[1]}Value`) ?? undefined;
  }
  return undefined;
}

/** Aiven's attachments in an EC2 answer: owned by Aiven's account, waiting until accepted. */
function asAwsSays(xml: string, attachments: ReadonlyMap<string, AivenAttachment>): string {
  const open = '<transitGatewayAttachmentId>';
  return xml
    .split(open)
    .map((chunk, i) => {
      const attachment = i === 0 ? undefined : attachments.get(chunk.slice(0, chunk.indexOf('<')));
      if (!attachment) return chunk;
      const owned = chunk.replace(
        /<(resourceOwnerId|vpcOwnerId)>\d*<\/\1>/,
        `<$1>${attachment.aivenAccountId}</$1>`,
      );
      return attachment.accepted
        ? owned
        : owned.replace('<state>available</state>', '<state>pendingAcceptance</state>');
    })
    .join(open);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startMotoFront(target: string): Promise<MotoFront> {
  const attachments = new Map<string, AivenAttachment>();

  async function toMoto(req: IncomingMessage, body: Buffer | string): Promise<Answer> {
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) {
      if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(key))
        headers[key] = value;
    }
    const method = req.method ?? 'POST';
    const answer = await fetch(`${target}${req.url ?? '/'}`, {
      method,
      headers,
      ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
    });
    return {
      status: answer.status,
      body: await answer.text(),
      contentType: answer.headers.get('content-type') ?? 'text/xml',
    };
  }

  /** AcceptTransitGatewayVpcAttachment as EC2 answers it, for the account that sees the attachment. */
  async function accept(req: IncomingMessage, id: string): Promise<Answer> {
    // Asked as the caller: only the Transit Gateway's account sees (and may accept) the attachment.
    const seen = await toMoto(
      req,
      new URLSearchParams({
        Action: 'DescribeTransitGatewayAttachments',
        Version: '2016-11-15',
        'TransitGatewayAttachmentIds.1': id,
      }).toString(),
    );
    if (seen.status !== 200) return seen;
    if (field(seen.body, 'transitGatewayAttachmentId') !== id)
      return ec2Error(
        'InvalidTransitGatewayAttachmentID.NotFound',
        `Transit Gateway Attachment ID '${id}' does not exist.`,
      );
    // Only Aiven's waits for acceptance; one accepted already, or anyone else's, is past it.
    const attachment = attachments.get(id);
    if (!attachment || attachment.accepted)
      return ec2Error('IncorrectState', `tgwAttachment ${id} is in invalid state`);
    attachment.accepted = true;
    return {
      status: 200,
      contentType: 'text/xml',
      body: `<?xml version="1.0" encoding="UTF-8"?><AcceptTransitGatewayVpcAttachmentResponse xmlns="${EC2_NS}"><requestId>playground</requestId><transitGatewayVpcAttachment><transitGatewayAttachmentId>${id}</transitGatewayAttachmentId><transitGatewayId>${field(seen.body, 'transitGatewayId') ?? ''}</transitGatewayId><vpcId>${field(seen.body, 'resourceId') ?? ''}</vpcId><vpcOwnerId>${attachment.aivenAccountId}</vpcOwnerId><state>pending</state></transitGatewayVpcAttachment></AcceptTransitGatewayVpcAttachmentResponse>`,
    };
  }

  async function handle(req: IncomingMessage): Promise<Answer> {
    const body = await readBody(req);
    const form = (req.headers['content-type'] ?? '').includes('x-www-form-urlencoded');
    const params = form ? new URLSearchParams(body.toString('utf8')) : new URLSearchParams();
    const action = params.get('Action') ?? '';
    if (action === 'AcceptTransitGatewayVpcAttachment')
      return accept(req, params.get('TransitGatewayAttachmentId') ?? '');
    const answer = await toMoto(req, body);
    if (answer.status !== 200) return answer;
    if (action === 'CreateTransitGatewayVpcAttachment') {
      const aivenAccountId = attachedFrom(params);
      const id = field(answer.body, 'transitGatewayAttachmentId');
      if (aivenAccountId && id) attachments.set(id, { aivenAccountId, accepted: false });
    }
    return /^(Create|Describe)TransitGateway(Vpc)?Attachments?$/.test(action)
      ? { ...answer, body: asAwsSays(answer.body, attachments) }
      : answer;
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    handle(req)
      .then((answer) => {
        res.writeHead(answer.status, { 'content-type': answer.contentType });
        res.end(answer.body);
      })
      .catch((error: unknown) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`moto did not answer: ${String(error)}`);
      });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
