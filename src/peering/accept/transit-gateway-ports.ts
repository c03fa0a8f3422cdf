// What a Transit Gateway attachment needs from the team's AWS account: EC2's view of the Transit
// Gateway and RAM, to share it with Aiven's AWS account. Adapter: src/adapters/ec2/transit-gateway.ts.
// Errors AWS answers with are thrown as AwsRefusal (./ports).

export interface AwsTransitGateway {
  id: string;
  arn: string;
  ownerId: string;
  /** available, pending, modifying, deleting, deleted. */
  state: string;
  /** DefaultRouteTableAssociation: a new attachment is associated with this route table by AWS. */
  associationDefaultRouteTableId?: string;
  /** DefaultRouteTablePropagation: a new attachment propagates its routes into this route table. */
  propagationDefaultRouteTableId?: string;
}

/** A VPC attached (or asking to attach) to a Transit Gateway, as the Transit Gateway's owner sees it. */
export interface AwsTransitGatewayAttachment {
  /** tgw-attach-... */
  id: string;
  /** pendingAcceptance, pending, available, rejected, deleted, failed, ... */
  state: string;
  vpcId: string;
  /** The account of the VPC: Aiven's for Aiven's attachment, the team's for its own VPCs. */
  vpcOwnerId: string;
}

/** A RAM resource share owned by the team's account that holds the Transit Gateway. */
export interface AwsResourceShare {
  arn: string;
  name: string;
}

export interface AwsTransitGateways {
  /** undefined when the account does not see such a Transit Gateway in this region. */
  describeTransitGateway(tgwId: string): Promise<AwsTransitGateway | undefined>;
  /** The account's own shares holding `resourceArn` (associated or being associated). */
  sharesHolding(resourceArn: string): Promise<AwsResourceShare[]>;
  /** The principals (account ids, OU/organization ARNs) a share is associated with. */
  principalsOf(shareArn: string): Promise<string[]>;
  /** Creates a share of `resourceArn` with `principal`; `clientToken` makes a repeated call a no-op. */
  createShare(input: {
    name: string;
    resourceArn: string;
    principal: string;
    clientToken: string;
  }): Promise<string>;
  /** Adds `principal` to an existing share. */
  addPrincipal(shareArn: string, principal: string, clientToken: string): Promise<void>;
  /** The resources (ARNs) a share holds. */
  resourcesOf(shareArn: string): Promise<string[]>;
  /** Removes `principal` from a share (ram:DisassociateResourceShare). */
  removePrincipal(shareArn: string, principal: string, clientToken: string): Promise<void>;
  /** Deletes a share with every association it has (ram:DeleteResourceShare). */
  deleteShare(shareArn: string, clientToken: string): Promise<void>;
  /** The VPC attachments of the Transit Gateway, every account's. */
  vpcAttachmentsOf(tgwId: string): Promise<AwsTransitGatewayAttachment[]>;
  acceptAttachment(attachmentId: string): Promise<void>;
  /** A static route in a Transit Gateway route table to `destination` through the attachment. */
  createTransitGatewayRoute(routeTableId: string, destination: string, attachmentId: string): Promise<void>;
  deleteTransitGatewayRoute(routeTableId: string, destination: string): Promise<void>;
  /** The route to exactly `destination` in a Transit Gateway route table; undefined when there is none. */
  transitGatewayRoute(routeTableId: string, destination: string): Promise<AwsTransitGatewayRoute | undefined>;
}

/** A route in a Transit Gateway route table, as SearchTransitGatewayRoutes answers. */
export interface AwsTransitGatewayRoute {
  /** static or propagated. */
  type: string;
  /** active, blackhole, pending, deleting, deleted. */
  state: string;
  /** The attachments the route leads to (one for a static route). */
  attachmentIds: string[];
}

export type TransitGatewayConnection =
  | { ok: true; transitGateways: AwsTransitGateways }
  | { ok: false; reason: string };

/** EC2 and RAM in the team's account through the accepter role (the same role as for peerings). */
export interface TransitGatewayAccess {
  hasRole(accountId: string): boolean;
  connectTransitGateways(target: {
    accountId: string;
    region: string;
    peeringId: string;
  }): Promise<TransitGatewayConnection>;
}
