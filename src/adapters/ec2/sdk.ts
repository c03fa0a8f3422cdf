// What access.ts loads on its first connect(): the STS and EC2 clients and the EC2 network adapter.
export { EC2Client } from '@aws-sdk/client-ec2';
export { RAMClient } from '@aws-sdk/client-ram';
export { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
export { makeEc2Network } from './network';
export { makeTransitGateways } from './transit-gateway';
