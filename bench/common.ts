// Shared by the benchmarks: a Harper of their own (or BENCH_URL's, with
// BENCH_OPS_URL), latency percentiles, and a report line per scenario.
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { startHarper, type Harper } from '../test/harness.js';
import { client, type Api } from '../test/client.js';

export async function benchHarper(options: { demoData?: boolean } = {}): Promise<{ harper: Harper; api: Api }> {
  const threads = Number(process.env.HARPER_THREADS ?? availableParallelism());
  const harper = await startHarper({ threads, demoData: options.demoData, env: { HARPER_LOG_LEVEL: 'error' } });
  return { harper, api: client(harper) };
}

export function machine(): string {
  return `${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown cpu'}), Node ${process.version}`;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function latencyLine(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1);
  return `p50 ${f(percentile(sorted, 50))} ms, p95 ${f(percentile(sorted, 95))} ms, p99 ${f(percentile(sorted, 99))} ms`;
}

/** Autocannon's own summary of a run, in one line. */
export function summary(result: any): string {
  const l = result.latency;
  return `${Math.round(result.requests.average)} req/s, p50 ${l.p50} ms, p97.5 ${l.p97_5} ms, p99 ${l.p99} ms, errors ${result.errors}, non-2xx ${result.non2xx}, timeouts ${result.timeouts}`;
}

/**
 * CPU seconds Harper's process (all its threads) has used so far, from Linux's
 * /proc; undefined elsewhere. The load generator shares the cores, so CPU per
 * request is steadier than requests per second when comparing code changes.
 */
export function serverCpuSeconds(harper: Harper): number | undefined {
  try {
    const pid = readFileSync(join(harper.dataDir, 'root', 'hdb.pid'), 'utf8').trim();
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in ticks of 1/100 s
  } catch {
    return undefined;
  }
}
