// Autocannon with every response time kept, for percentiles autocannon's own
// summary lacks (p95), and answers counted by status.
import { offer, type Pacing } from './common.js';

export async function measured(options: Record<string, unknown>, rate?: number, pacing: Pacing = 'staggered') {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const result = await offer(options, rate, pacing, (run) =>
    run.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }),
  );
  return { result, latencies, statuses: Object.fromEntries(statuses) };
}
