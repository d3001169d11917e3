// npm run bench:abuse — does a flood from one client slow the others? Another
// client (one address) reads an event page and its own ticket at a steady
// VICTIM_RATE a second, first alone, then while one other address floods
// POST /queue/ from FLOOD_CONNECTIONS connections as fast as it is answered;
// with the rate limits on (the defaults of npm start) and then off (as
// before them). The two clients are told apart as behind a load balancer:
// Harper trusts loopback as a proxy and each client sends its own
// X-Forwarded-For. Reports the other client's latency in each phase, its p95
// as a multiple of its idle p95, and how the flood was answered.
import autocannon from 'autocannon';
import { benchHarper, latencyLine, machine, percentile } from './common.js';
import { measured } from './measure.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const VICTIM_RATE = Number(process.env.BENCH_VICTIM_RATE ?? 100);
const FLOOD_CONNECTIONS = Number(process.env.BENCH_FLOOD_CONNECTIONS ?? 100);

const p95 = (samples: number[]) =>
  percentile(
    [...samples].sort((a, b) => a - b),
    95,
  );

async function scenario(limits: 'on' | 'off'): Promise<void> {
  const { harper, api } = await benchHarper({
    env: { TICKETING_RATE_LIMITS: limits === 'on' ? '' : 'off', TICKETING_TRUSTED_PROXIES: '127.0.0.1' },
  });
  try {
    const event = await api.createEvent({ sections: [{ name: 'Main', rows: 20, seatsPerRow: 50 }] });
    const victim = { 'X-Forwarded-For': '198.51.100.7' };
    const ticketId = (await api.post('/queue/', { eventId: event.id }, victim)).body.ticketId;
    const reads = {
      url: harper.url,
      connections: 4,
      duration: SECONDS,
      headers: victim,
      requests: [
        { method: 'GET', path: `/events/${event.id}` },
        { method: 'GET', path: `/queue/${ticketId}` },
      ],
    };
    const idle = await measured(reads, VICTIM_RATE);
    const flood = autocannon({
      url: `${harper.url}/queue/`,
      connections: FLOOD_CONNECTIONS,
      duration: SECONDS,
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '203.0.113.66' },
      body: JSON.stringify({ eventId: event.id }),
    });
    const statuses = new Map<number, number>();
    (flood as unknown as { on: (event: string, listener: (...args: any[]) => void) => void }).on(
      'response',
      (_client: unknown, status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1),
    );
    const flooded = await measured(reads, VICTIM_RATE);
    const floodResult = await flood;
    console.log(`limits ${limits}:`);
    console.log(`  other client alone:        ${latencyLine(idle.latencies)} (${idle.latencies.length} answers)`);
    console.log(
      `  other client during flood: ${latencyLine(flooded.latencies)} (${flooded.latencies.length} answers), p95 x${(p95(flooded.latencies) / p95(idle.latencies)).toFixed(1)}`,
    );
    console.log(
      `  flood: ${Math.round(floodResult.requests.average)} req/s, answers by status ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
  } finally {
    await harper.stop();
    harper.remove();
  }
}

console.log(
  `bench:abuse on ${machine()}, Harper threads ${process.env.HARPER_THREADS ?? 'one per core'}, ${SECONDS} s per phase, other client at ${VICTIM_RATE} req/s, flood from ${FLOOD_CONNECTIONS} connections`,
);
await scenario('on');
await scenario('off');
