import type { Clock } from '../peering/ports';

export const systemClock: Clock = { now: () => new Date() };
