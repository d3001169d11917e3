// npm run bench:browse — the browse side of an on-sale: filtered listings and
// event pages of the demo data at 2,000 and at 100 connections, and whole seat
// maps at 200 connections, each next to a constant answer measured in the same
// run (a custom Resource at /bench_constant/ that exists only when this
// benchmark starts Harper with TICKETING_BENCH_CONSTANT=1; it is not part of the
// API). Reports req/s, p50/p95/p99 and errors per scenario, and the ratio to
// the constant. 2,000 connections need `ulimit -n` above 2,100 in this shell.
//
// BENCH_SECONDS (default 15) sets each run's length; BENCH_SALE=0 skips the
// last scenario (the mix while holds and releases change seats of the events shown).
import autocannon from 'autocannon';
import { benchHarper, machine, percentile } from './common.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARM_SECONDS = 3;
/** What browsers send: the prepared answers then go out brotli-compressed (made once per answer). */
const BROWSER = { 'accept-encoding': 'gzip, deflate, br' };

process.env.TICKETING_BENCH_CONSTANT = '1'; // reaches Harper through the harness's environment
const { harper, api } = await benchHarper({ demoData: true });

interface Run {
  label: string;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  timeouts: number;
}

/** One autocannon run over a list of paths picked at random; percentiles from every response's time. */
function run(label: string, connections: number, paths: string[], seconds = SECONDS, headers: Record<string, string> = {}): Promise<Run> {
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = (autocannon as any)(
      {
        url: harper.url,
        connections,
        duration: seconds,
        headers,
        requests: [{ setupRequest: (req: any) => ({ ...req, path: paths[Math.floor(Math.random() * paths.length)] }) }],
      },
      (error: Error | null, result: any) => {
        if (error) return reject(error);
        times.sort((a, b) => a - b);
        resolve({
          label,
          requestsPerSecond: result.requests.average,
          p50: percentile(times, 50),
          p95: percentile(times, 95),
          p99: percentile(times, 99),
          errors: result.errors,
          non2xx: result.non2xx,
          timeouts: result.timeouts,
        });
      },
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => times.push(responseTime));
  });
}

function line(r: Run, constant?: Run): string {
  const ratio = constant ? `, ${((r.requestsPerSecond / constant.requestsPerSecond) * 100).toFixed(0)}% of the constant` : '';
  const f = (n: number) => n.toFixed(1);
  return (
    `${r.label.padEnd(44)} ${Math.round(r.requestsPerSecond).toString().padStart(6)} req/s, ` +
    `p50 ${f(r.p50)} ms, p95 ${f(r.p95)} ms, p99 ${f(r.p99)} ms, errors ${r.errors}, non-2xx ${r.non2xx}, timeouts ${r.timeouts}${ratio}`
  );
}

/** Holds and releases seats of a few events in the background, `perSecond` holds a second. */
async function seatTraffic(eventIds: string[], perSecond: number): Promise<{ stop(): Promise<number> }> {
  const fans = await Promise.all(eventIds.map((eventId) => api.admitted(eventId, undefined, 60_000).then((t) => ({ eventId, token: t.token }))));
  let running = true;
  let holds = 0;
  const loops = fans.map(async (fan) => {
    while (running) {
      const started = Date.now();
      const section = ['Floor', 'A', 'B', 'C', 'D'][Math.floor(Math.random() * 5)];
      const hold = await api.hold(fan.token, { section, quantity: 2 });
      if (hold.status === 201) {
        holds++;
        await api.delete(`/holds/${hold.body.holdId}`);
      }
      await new Promise((r) => setTimeout(r, Math.max(0, (fans.length * 1000) / perSecond - (Date.now() - started))));
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return holds;
    },
  };
}

try {
  // the demo data loads in the background after start
  const deadline = Date.now() + 180_000;
  let listing = await api.get('/events/?limit=100');
  while (listing.body?.total !== 50) {
    if (Date.now() > deadline) throw new Error(`demo data did not load: ${JSON.stringify(listing.body).slice(0, 200)}`);
    await new Promise((r) => setTimeout(r, 1000));
    listing = await api.get('/events/?limit=100');
  }
  const events: any[] = listing.body.items;
  const ids = events.map((e) => e.id);
  const cities = [...new Set(events.map((e) => e.venue.city))];
  const venueIds = [...new Set(events.map((e) => e.venue.id))];
  const categories = ['music', 'sports', 'comedy', 'theater', 'family'];
  const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const listings = [
    '/events/',
    '/events/?limit=50',
    '/events/?offset=20',
    `/events/?to=${inAMonth}`,
    '/events/?q=live',
    '/events/?q=midnight%20owls',
    ...categories.map((c) => `/events/?category=${c}`),
    ...categories.map((c) => `/events/?category=${c}&limit=5`),
    ...cities.map((c) => `/events/?city=${encodeURIComponent(c)}`),
    ...cities.map((c, i) => `/events/?city=${encodeURIComponent(c)}&category=${categories[i % 5]}`),
    ...venueIds.map((v) => `/events/?venue=${v}`),
  ];
  const details = ids.map((id) => `/events/${id}`);
  const mix = [...listings, ...details.slice(0, listings.length)];
  const seatMaps = ids.map((id) => `/seatmap/${id}`);
  const constant = ['/bench_constant/'];
  const size = async (path: string) => (await fetch(harper.url + path)).arrayBuffer().then((b) => b.byteLength);
  const brSize = async (path: string) => Number((await fetch(harper.url + path, { headers: BROWSER })).headers.get('content-length'));

  console.log(`bench:browse on ${machine()}, Harper threads ${process.env.HARPER_THREADS ?? 'one per core'}, ${SECONDS} s per run`);
  console.log(
    `${listings.length} listing paths (e.g. ${await size('/events/')} bytes for /events/), ${details.length} event pages ` +
      `(${await size(details[0])} bytes), seat maps of 1,000 seats (${await size(seatMaps[0])} bytes, ${await brSize(seatMaps[0])} with brotli), constant ${await size(constant[0])} bytes; ` +
      'the mix is half listings, half event pages; no Accept-Encoding (uncompressed) unless said',
  );

  // warm both sides: JIT, the per-thread inventory snapshots and answer caches
  await run('warm-up', 100, [...mix, ...seatMaps, ...constant], WARM_SECONDS);

  for (const connections of [2000, 100]) {
    console.log(`\n${connections} connections`);
    const base = await run(`constant (/bench_constant/)`, connections, constant);
    console.log(line(base));
    console.log(line(await run('listings + event pages', connections, mix), base));
    if (connections === 100) {
      console.log(line(await run('listings only', connections, listings), base));
      console.log(line(await run('event pages only', connections, details), base));
    }
  }

  console.log('\n200 connections');
  const base200 = await run('constant (/bench_constant/)', 200, constant);
  console.log(line(base200));
  console.log(line(await run('whole seat maps (1,000 seats)', 200, seatMaps), base200));
  console.log(line(await run('whole seat maps, Accept-Encoding of a browser', 200, seatMaps, SECONDS, BROWSER), base200));

  if (process.env.BENCH_SALE !== '0') {
    console.log('\n100 connections while seats change (holds of 2 seats and their release on 10 of the events shown)');
    const traffic = await seatTraffic(ids.slice(0, 10), 100);
    const base = await run('constant (/bench_constant/)', 100, constant);
    const browsing = await run('listings + event pages', 100, mix);
    const maps = await run('whole seat maps', 100, seatMaps.slice(0, 10));
    const holds = await traffic.stop();
    console.log(line(base));
    console.log(line(browsing, base));
    console.log(line(maps, base));
    console.log(`holds made and released in the background: ${holds} in ${3 * SECONDS} s`);
  }
} finally {
  await harper.stop();
  harper.remove();
}
