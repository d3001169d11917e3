// Autocannon with every response time kept, for percentiles autocannon's own
// summary lacks (p95), and answers counted by status.
import autocannon from 'autocannon';

export async function measured(options: Record<string, unknown>) {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const run = autocannon(options) as any;
  run.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  });
  const result = await run;
  return { result, latencies, statuses: Object.fromEntries(statuses) };
}
