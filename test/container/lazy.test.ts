// Adapters and listeners loaded on first use (cold start): built once, shared by concurrent first
// calls, and a failed load is not remembered for the life of the Lambda container.
import { lazyPort } from '../../src/container/lazy';
import type { JobQueue } from '../../src/peering/ports';
import { lazyListener } from '../../src/slack/lazy-listener';

const job = { kind: 'create-peering', id: 'create-req-1', peeringId: 'req-1' } as const;

describe('lazyPort', () => {
  test('builds the port once, on the first call, and passes calls through', async () => {
    const sent: unknown[] = [];
    let builds = 0;
    const queue = lazyPort<JobQueue>(async () => {
      builds++;
      return { enqueue: async (j) => void sent.push(j) };
    });
    expect(builds).toBe(0);
    await Promise.all([queue.enqueue(job), queue.enqueue({ ...job, id: 'create-req-2' })]);
    expect(builds).toBe(1);
    expect(sent).toEqual([job, { ...job, id: 'create-req-2' }]);
  });

  test('a failed load fails that call and is tried again on the next', async () => {
    let attempts = 0;
    const queue = lazyPort<JobQueue>(async () => {
      attempts++;
      if (attempts === 1) throw new Error('chunk did not load');
      return { enqueue: async () => undefined };
    });
    await expect(queue.enqueue(job)).rejects.toThrow('chunk did not load');
    await expect(queue.enqueue(job)).resolves.toBeUndefined();
    expect(attempts).toBe(2);
  });

  test('is not mistaken for a promise', async () => {
    const queue = lazyPort<JobQueue>(async () => ({ enqueue: async () => undefined }));
    await expect(Promise.resolve(queue)).resolves.toBe(queue);
  });
});

describe('lazyListener', () => {
  test('loads the handler on the first request, once, and retries a failed load', async () => {
    const seen: string[] = [];
    let loads = 0;
    const listener = lazyListener(async () => {
      loads++;
      if (loads === 1) throw new Error('handler did not load');
      return async (args: { text: string }) => void seen.push(args.text);
    });
    await expect(listener({ text: 'first' })).rejects.toThrow('handler did not load');
    await listener({ text: 'second' });
    await listener({ text: 'third' });
    expect(seen).toEqual(['second', 'third']);
    expect(loads).toBe(2);
  });
});
