// One peering as the Terraform hand-off sees it: a leaf module both renderers (peering, attachment) import.
import type { PeeringState } from './model';

export interface TerraformRoute {
  routeTableId: string;
  destination: string;
}

export interface TerraformPeering {
  aivenPeeringId?: string;
  state: PeeringState;
  awsAccountId: string;
  awsVpcId: string;
  awsRegion: string;
  pcxId?: string;
  /** A Transit Gateway attachment's `tgw-attach-` id, when known (awsVpcId is then the `tgw-`). */
  attachmentId?: string;
  /** The routes vpc-peer added to the AWS route tables (none for peerings made outside vpc-peer). */
  routes: TerraformRoute[];
  madeOutsideVpcPeer: boolean;
}
