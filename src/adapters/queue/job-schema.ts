import * as z from 'zod';
import type { Job } from '../../peering/ports';

const id = z.string().min(1);

/** The Job union as it travels through a queue; parsing rejects bodies no job runner could act on. */
export const jobSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('load-create-form'),
    id,
    viewId: id,
    userId: id,
    channelId: id,
  }),
  z.object({
    kind: z.literal('create-peering'),
    id,
    peeringId: id,
    responseUrl: z.string().optional(),
  }),
]);

// Fails to compile when the schema and the Job port drift apart in either direction.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesPort: Same<z.output<typeof jobSchema>, Job> = true;
void schemaMatchesPort;

/**
 * A few jobs per Lambda container: zod's compiled fast path would cost more to build (milliseconds,
 * on the cold start) than it saves on these parses.
 */
export const JOB_PARSE = { jitless: true } as const;

export function parseJob(body: string): Job {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error('job body is not JSON');
  }
  return jobSchema.parse(json, JOB_PARSE);
}
