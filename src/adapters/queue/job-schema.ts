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
    /** Absent when the form was opened from the Home tab: it asks for the channel itself. */
    channelId: id.optional(),
    responseUrl: z.string().optional(),
    freeze: z.string().optional(),
  }),
  z.object({
    kind: z.literal('create-peering'),
    id,
    peeringId: id,
    responseUrl: z.string().optional(),
  }),
  z.object({
    kind: z.literal('watch-peering'),
    id,
    peeringId: id,
    until: z.iso.datetime(),
  }),
  z.object({ kind: z.literal('plan-accept'), id, peeringId: id, pcxId: id }),
  z.object({
    kind: z.literal('apply-accept'),
    id,
    peeringId: id,
    round: z.number().int().min(0),
    mode: z.enum(['apply', 'replace', 'retry']),
    userId: id,
  }),
  z.object({
    kind: z.literal('show-replace-request'),
    id,
    peeringId: id,
    round: z.number().int().min(0),
  }),
  z.object({ kind: z.literal('show-deletion-request'), id, requestId: id }),
  z.object({
    kind: z.literal('delete-peering'),
    id,
    requestId: id,
    attempt: z.number().int().min(1),
  }),
  z.object({ kind: z.literal('tell-hand-over'), id, peeringId: id }),
  z.object({ kind: z.literal('share-terraform-file'), id, peeringId: id, userId: id }),
  z.object({ kind: z.literal('change-peer-cidrs'), id, peeringId: id, changeId: id }),
  z.object({
    kind: z.literal('find-peering-for-deletion'),
    id,
    name: id,
    userId: id,
    channelId: id,
    responseUrl: id,
  }),
]);

// Fails to compile when the schema and the Job port drift apart in either direction, optional
// fields included (a field the schema lacks would be stripped on the SQS path).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type KeysOf<T> = T extends unknown
  ? `${T extends { kind: infer K extends string } ? K : never}.${keyof T & string}`
  : never;
const schemaKeysMatchPort: Same<KeysOf<z.output<typeof jobSchema>>, KeysOf<Job>> = true;
void schemaKeysMatchPort;
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
