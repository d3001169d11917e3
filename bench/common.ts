// Shared by the benchmarks: a Harper of their own (HARPER_THREADS worker
// threads, default one per core), latency percentiles, CPU use, offered load,
// and a report line per scenario.
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { startHarper, type Harper } from '../test/harness.js';
import { client, type Api } from '../test/client.js';

export async function benchHarper(
  options: { demoData?: boolean; env?: Record<string, string> } = {},
): Promise<{ harper: Harper; api: Api }> {
  const threads = Number(process.env.HARPER_THREADS ?? availableParallelism());
  const harper = await startHarper({ threads, demoData: options.demoData, env: { HARPER_LOG_LEVEL: 'error', ...options.env } });
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
  return `p50 ${f(percentile(sorted, 50))} ms, p95 ${f(percentile(sorted, 95))} ms, p99 ${f(percentile(sorted, 99))} ms, max ${f(sorted[sorted.length - 1] ?? Number.NaN)} ms`;
}

/** Autocannon's own summary of a run, in one line (its latencies only where it was one run). */
export function summary(result: any): string {
  const l = result.latency;
  const latency = l ? `, p50 ${l.p50} ms, p97.5 ${l.p97_5} ms, p99 ${l.p99} ms` : '';
  return `${Math.round(result.requests.average)} req/s${latency}, errors ${result.errors}, non-2xx ${result.non2xx}, timeouts ${result.timeouts}`;
}

/** How a fixed rate is offered: see `offer`. */
export type Pacing = 'staggered' | 'aligned';

/**
 * Runs autocannon at full speed, or at `rate` requests per second in all.
 * autocannon paces a rate by giving each connection its share at the start of
 * every second, and starts all connections at once, so their seconds line up:
 * 500 req/s from 200 connections arrives as 200 requests at the top of each
 * second ('aligned': even a plain one-record write then queues behind the
 * burst; docs/benchmarks.md). Independent clients do not keep time together, so 'staggered'
 * runs each connection as an autocannon of its own, started 1/connections of
 * a second after the one before: the same rate, spread over the second.
 */
export async function offer(
  options: any,
  rate: number | undefined,
  pacing: Pacing,
  track: (run: any) => void = () => undefined,
): Promise<any> {
  const start = (opts: any) => {
    const run = autocannon(opts);
    track(run);
    return run;
  };
  if (!rate) return start(options);
  // at a rate, autocannon would add made-up samples below each real latency
  // (its expected interval rounds up to 1 ms): costly, and not what clients saw
  options = { ...options, ignoreCoordinatedOmission: true };
  if (pacing === 'aligned') return start({ ...options, overallRate: rate });
  const { connections } = options;
  const runs: Promise<any>[] = [];
  for (let i = 0; i < connections; i++) {
    // shares of 2 and 3 alternate for 500 over 200, instead of all the 3s first
    const share = Math.floor((rate * (i + 1)) / connections) - Math.floor((rate * i) / connections);
    if (share > 0) runs.push(start({ ...options, connections: 1, overallRate: share }));
    await new Promise((resolve) => setTimeout(resolve, 1000 / connections));
  }
  const results = await Promise.all(runs);
  const sum = (pick: (r: any) => number) => results.reduce((total, r) => total + pick(r), 0);
  const total = sum((r) => r.requests.total);
  return {
    requests: { total, average: total / options.duration },
    errors: sum((r) => r.errors),
    non2xx: sum((r) => r.non2xx),
    timeouts: sum((r) => r.timeouts),
  };
}

/**
 * CPU seconds Harper's process (all its threads) has used so far, from Linux's
 * /proc; undefined elsewhere. The load generator shares the cores, so CPU per
 * request is steadier than requests per second when comparing code changes.
 */
function serverCpuSeconds(harper: Harper): number | undefined {
  try {
    const pid = readFileSync(join(harper.dataDir, 'root', 'hdb.pid'), 'utf8').trim();
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in ticks of 1/100 s
  } catch {
    return undefined;
  }
}

/** Starts counting CPU seconds; call the result to read the load generator's own and Harper's (undefined off Linux) since then. */
export function cpuMeter(harper: Harper): () => { client: number; server: number | undefined } {
  const clientBefore = process.cpuUsage();
  const serverBefore = serverCpuSeconds(harper);
  return () => {
    const client = process.cpuUsage(clientBefore);
    const serverNow = serverCpuSeconds(harper);
    const server = serverBefore === undefined || serverNow === undefined ? undefined : serverNow - serverBefore;
    return { client: (client.user + client.system) / 1e6, server };
  };
}
