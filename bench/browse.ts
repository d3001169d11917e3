// npm run bench:browse — the browse side of an on-sale: the on-sale mix of
// listings and event pages (bench/onSaleMix.ts) at 2,000 connections with and
// without a browser's Accept-Encoding, filtered listings and event pages at
// 100 connections, and whole seat maps at 200 connections, each next to a
// constant answer measured in the same run (a custom Resource at /bench_constant/ that exists only when this
// benchmark starts Harper with TICKETING_BENCH_ENDPOINTS=1; it is not part of the
// API). Reports req/s, p50/p95/p99/max, errors and timeouts (no answer in
// 10 s) per scenario, and the ratio to the constant. 2,000 connections need `ulimit -n` above 2,100 in this shell.
//
// The constant and the scenarios it is compared with take turns in 5-second
// slices (the machine's other load then falls on all of them alike).
// BENCH_SECONDS (default 15) is each one's total time; BENCH_MIX_ONLY=1 runs
// the on-sale mix alone; BENCH_SALE=0 skips the last scenario (the mix while
// holds and releases change seats of the events shown).
import autocannon from 'autocannon';
import { mkdirSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { benchHarper, cpuMeter, machine, percentile } from './common.js';
import { onSaleMix } from './onSaleMix.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARM_SECONDS = 3;
const SLICE_SECONDS = 5;
/** What browsers send: the prepared answers then go out brotli-compressed (made once per answer). */
const BROWSER = { 'accept-encoding': 'gzip, deflate, br' };

process.env.TICKETING_BENCH_ENDPOINTS = '1'; // reaches Harper through the harness's environment
if (process.env.BENCH_PROFILE) {
  process.env.TICKETING_BENCH_PROFILE = resolvePath(process.env.BENCH_PROFILE);
  mkdirSync(process.env.TICKETING_BENCH_PROFILE, { recursive: true });
}
const { harper, api } = await benchHarper({ demoData: true });

interface Scenario {
  label: string;
  /** each request's path: one of `paths` at random, or what `pick` gives */
  paths?: readonly string[];
  pick?: () => string;
  headers?: Record<string, string>;
}

function picker(scenario: Scenario): () => string {
  if (scenario.pick) return scenario.pick;
  const paths = scenario.paths ?? [];
  return () => paths[Math.floor(Math.random() * paths.length)];
}

interface Run {
  label: string;
  requests: number;
  seconds: number;
  times: number[];
  /** the slowest answer that was not a connection's first (which includes setting the connection up) */
  laterMax: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  /** CPU seconds of Harper's process and of this load generator */
  serverCpu: number;
  clientCpu: number;
}

function emptyRun(label: string): Run {
  return { label, requests: 0, seconds: 0, times: [], laterMax: 0, errors: 0, non2xx: 0, timeouts: 0, serverCpu: 0, clientCpu: 0 };
}

/** One autocannon slice over paths picked at random, added to `into`; latency from every response's time. */
function slice(into: Run, connections: number, scenario: Scenario, seconds: number): Promise<void> {
  const pick = picker(scenario);
  const cpu = cpuMeter(harper);
  return new Promise((resolve, reject) => {
    const instance = (autocannon as any)(
      {
        url: harper.url,
        connections,
        duration: seconds,
        headers: scenario.headers ?? {},
        requests: [{ setupRequest: (req: any) => ({ ...req, path: pick() }) }],
      },
      (error: Error | null, result: any) => {
        if (error) return reject(error);
        into.requests += result.requests.total;
        into.seconds += seconds;
        into.errors += result.errors;
        into.non2xx += result.non2xx;
        into.timeouts += result.timeouts;
        const used = cpu();
        into.serverCpu += used.server ?? Number.NaN;
        into.clientCpu += used.client;
        resolve();
      },
    );
    const answered = new WeakSet<object>();
    instance.on('response', (client: object, _status: number, _bytes: number, responseTime: number) => {
      into.times.push(responseTime);
      if (answered.has(client)) into.laterMax = Math.max(into.laterMax, responseTime);
      else answered.add(client);
    });
  });
}

/**
 * The constant and each scenario take turns in slices of SLICE_SECONDS until
 * each has had `seconds`: other load on a shared machine comes and
 * goes, and turns spread it evenly over what is compared.
 */
async function compare(connections: number, scenarios: Scenario[], seconds = SECONDS): Promise<string[]> {
  const all = [{ label: 'constant (/bench_constant/)', paths: ['/bench_constant/'] }, ...scenarios];
  const runs = all.map((s) => emptyRun(s.label));
  const turns = Math.max(1, Math.round(seconds / SLICE_SECONDS));
  for (let turn = 0; turn < turns; turn++) {
    for (let i = 0; i < all.length; i++) await slice(runs[i], connections, all[i], seconds / turns);
  }
  const rate = (r: Run) => r.requests / r.seconds;
  const perRequest = (seconds: number, r: Run) => Math.round((seconds * 1e6) / r.requests);
  const f = (n: number) => n.toFixed(1);
  return runs.map((r, i) => {
    const sorted = r.times.sort((a, b) => a - b);
    const ratio = i === 0 ? '' : `, ${((rate(r) / rate(runs[0])) * 100).toFixed(0)}% of the constant`;
    return (
      `${r.label.padEnd(52)} ${Math.round(rate(r)).toString().padStart(6)} req/s, ` +
      `p50 ${f(percentile(sorted, 50))} ms, p95 ${f(percentile(sorted, 95))} ms, p99 ${f(percentile(sorted, 99))} ms, ` +
      `max ${f(sorted[sorted.length - 1] ?? NaN)} ms (${f(r.laterMax)} ms after a connection's first answer), ` +
      `errors ${r.errors}, non-2xx ${r.non2xx}, timeouts ${r.timeouts}${ratio}; ` +
      `CPU per request: Harper ${perRequest(r.serverCpu, r)} µs, load generator ${perRequest(r.clientCpu, r)} µs`
    );
  });
}

/** Holds and releases seats of a few events in the background, `perSecond` holds a second. */
async function seatTraffic(eventIds: string[], perSecond: number): Promise<{ stop(): Promise<number> }> {
  const fans = await Promise.all(
    eventIds.map((eventId) => api.admitted(eventId, undefined, 60_000).then((t) => ({ eventId, token: t.token }))),
  );
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
  // Harper answers only once the demo data is complete (catalog/demoData.ts)
  const listing = await api.get('/events/?limit=100');
  if (listing.body?.total !== 50) throw new Error(`expected the 50 demo events: ${JSON.stringify(listing.body).slice(0, 200)}`);
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
  const size = async (path: string) => (await fetch(harper.url + path)).arrayBuffer().then((b) => b.byteLength);
  const brSize = async (path: string) => Number((await fetch(harper.url + path, { headers: BROWSER })).headers.get('content-length'));

  console.log(`bench:browse on ${machine()}, Harper threads ${process.env.HARPER_THREADS ?? 'one per core'}, ${SECONDS} s per scenario`);
  console.log(
    `${listings.length} listing paths (e.g. ${await size('/events/')} bytes for /events/), ${details.length} event pages ` +
      `(${await size(details[0])} bytes), seat maps of 1,000 seats (${await size(seatMaps[0])} bytes, ${await brSize(seatMaps[0])} with brotli), constant ${await size('/bench_constant/')} bytes; ` +
      'at 100 connections the mix is half listings, half event pages; no Accept-Encoding (uncompressed) unless said',
  );

  // warm both sides: JIT, the per-thread inventory snapshots and answer caches
  const onSale = onSaleMix(events);
  await compare(
    100,
    [{ label: 'warm-up', pick: () => (Math.random() < 0.5 ? onSale() : seatMaps[Math.floor(Math.random() * 50)]) }],
    WARM_SECONDS * 2,
  );

  // what the mix's answers weigh on average: a constant of that size and with their headers is the floor for them
  const sample = Array.from({ length: 400 }, onSale);
  const weigh = async (headers: Record<string, string>) => {
    let bytes = 0;
    for (const path of sample) bytes += Number((await fetch(harper.url + path, { headers })).headers.get('content-length'));
    return Math.round(bytes / sample.length);
  };
  const [plainBytes, brBytes] = [await weigh({ 'accept-encoding': 'identity' }), await weigh(BROWSER)];
  console.log(`\n2000 connections, the on-sale mix (bench/onSaleMix.ts), constant and scenarios in turns of ${SLICE_SECONDS} s`);
  console.log(`the mix's answers average ${plainBytes} bytes, ${brBytes} with a browser's Accept-Encoding`);
  for (const text of await compare(2000, [
    { label: 'on-sale mix', pick: onSale },
    { label: `a constant of ${plainBytes} bytes with browse headers`, paths: [`/bench_constant/?bytes=${plainBytes}`] },
    { label: "on-sale mix, a browser's Accept-Encoding", pick: onSale, headers: BROWSER },
    { label: `a constant of ${brBytes} bytes with browse headers`, paths: [`/bench_constant/?bytes=${brBytes}`] },
  ])) {
    console.log(text);
  }
  if (process.env.BENCH_PROFILE) await profileMix(onSale);
  if (process.env.BENCH_MIX_ONLY !== '1') await theRest({ ids, listings, details, mix, seatMaps });
} finally {
  await harper.stop();
  harper.remove();
}

/** BENCH_PROFILE=dir: CPU profiles of every Harper thread during 10 s of the constant and of the mix, without and with Accept-Encoding. */
async function profileMix(pick: () => string): Promise<void> {
  for (const [name, scenario] of [
    ['constant', { label: 'constant', paths: ['/bench_constant/'] }],
    ['plain', { label: 'plain', pick }],
    ['compressed', { label: 'compressed', pick, headers: BROWSER }],
  ] as const) {
    await fetch(`${harper.url}/bench_profile/start`);
    const run = emptyRun(name);
    await slice(run, 2000, scenario, 10);
    await fetch(`${harper.url}/bench_profile/stop?name=${name}`);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // every thread writes its profile
    console.log(`profiled ${name}: ${run.requests} requests in 10 s, profiles in ${process.env.BENCH_PROFILE}`);
  }
}

/** The scenarios beyond the on-sale mix: 100 connections by kind of page, seat maps, browsing while seats change. */
async function theRest(paths: { ids: string[]; listings: string[]; details: string[]; mix: string[]; seatMaps: string[] }): Promise<void> {
  const { ids, listings, details, mix, seatMaps } = paths;
  const browse = { label: 'listings + event pages', paths: mix };
  console.log(`\n100 connections, constant and scenarios in turns of ${SLICE_SECONDS} s`);
  for (const text of await compare(100, [
    browse,
    { label: "listings + event pages, a browser's Accept-Encoding", paths: mix, headers: BROWSER },
    { label: 'listings only', paths: listings },
    { label: 'event pages only', paths: details },
  ])) {
    console.log(text);
  }

  console.log(`\n200 connections, in turns of ${SLICE_SECONDS} s`);
  for (const text of await compare(200, [
    { label: 'whole seat maps (1,000 seats)', paths: seatMaps },
    { label: "whole seat maps, a browser's Accept-Encoding", paths: seatMaps, headers: BROWSER },
  ])) {
    console.log(text);
  }

  if (process.env.BENCH_SALE !== '0') {
    console.log('\n100 connections while seats change (holds of 2 seats and their release on 10 of the events shown)');
    const traffic = await seatTraffic(ids.slice(0, 10), 100);
    const started = Date.now();
    const lines = await compare(100, [browse, { label: 'whole seat maps of those 10 events', paths: seatMaps.slice(0, 10) }]);
    const holds = await traffic.stop();
    for (const text of lines) console.log(text);
    console.log(`holds made and released in the background meanwhile: ${holds} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
}
