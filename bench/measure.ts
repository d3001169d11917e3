// Autocannon with every response time kept, for percentiles autocannon's own
// summary lacks (p95), answers counted by status, and when the last answer
// came (autocannon itself finishes a fixed number of requests on its next
// one-second tick, which would add up to a second to the run's time).
import { offer } from './common.js';

export async function measured(options: Record<string, unknown>, rate?: number) {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let lastAnswerAt = Date.now();
  const result = await offer(options, rate, 'staggered', (run) =>
    run.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      lastAnswerAt = Date.now();
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }),
  );
  return { result, latencies, statuses: Object.fromEntries(statuses), lastAnswerAt };
}
