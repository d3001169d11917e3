// Benchmark only (resources/benchOnly.ts): V8 CPU profiles of every worker
// thread between /bench_profile/start and /bench_profile/stop?name=, when a
// benchmark starts Harper with TICKETING_BENCH_PROFILE=dir. The thread that
// gets the call tells the others through a BroadcastChannel; each writes
// `<dir>/<name>-thread-<id>.cpuprofile`, which Chrome's DevTools opens and
// scripts/profile-top.mjs sums up.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { logger } from '../lib/harper.js';

const dir = process.env.TICKETING_BENCH_PROFILE;
let session: Session | undefined;

async function profiler(action: string, name = 'profile'): Promise<void> {
  if (!/^[\w-]{1,64}$/.test(name)) return; // a file name, nothing more
  if (action === 'start' && !session) {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  } else if (action === 'stop' && session) {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    session = undefined;
    writeFileSync(join(dir as string, `${name}-thread-${threadId}.cpuprofile`), JSON.stringify(profile));
  }
}

const channel = dir ? new BroadcastChannel('bench-profile') : undefined;
if (channel) {
  channel.onmessage = (message) => {
    const { action, name } = (message as MessageEvent).data;
    profiler(action, name).catch((error) => logger.error('bench profiler failed', error));
  };
  (channel as unknown as { unref(): void }).unref();
}

/** Starts or stops the profiler on every thread (without TICKETING_BENCH_PROFILE, nothing). */
export function profileAllThreads(action: string, name?: string): Promise<void> {
  if (!channel) return Promise.resolve();
  channel.postMessage({ action, name });
  return profiler(action, name);
}
