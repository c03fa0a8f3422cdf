import { type MotoServer, startMoto } from './moto';

declare global {
  var __vpcPeerMoto: MotoServer | undefined;
}

/**
 * One moto for the whole run: starting one per test file costs seconds each. Test files keep apart by
 * using unique resource names (see uniqueName), so nobody resets moto. An existing MOTO_URL is reused.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.MOTO_URL) return;
  const moto = await startMoto();
  globalThis.__vpcPeerMoto = moto;
  process.env.MOTO_URL = moto.url;
}
