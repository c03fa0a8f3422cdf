import './global-setup';

export default async function globalTeardown(): Promise<void> {
  const moto = globalThis.__vpcPeerMoto;
  globalThis.__vpcPeerMoto = undefined;
  await moto?.stop();
}
