#!/usr/bin/env node
// Checks an event's pre-queue draw from what the server publishes, with
// nothing of the server's code (docs/draw.md says the algorithm):
//
//   node scripts/verify-draw.mjs <baseUrl> <eventId> [ticketId | --entry <hex>] [--commitment <hex>]
//
// It fetches GET /draws/{eventId}, checks that the seed hashes to the
// commitment (and to the one given, which a fan saw before the draw), that the
// order holds each entry once and as many as were drawn, recomputes the order
// from the seed and the entries and compares it, and, given a ticket id (or
// its entry, the id's SHA-256, which the fan page shows so that the secret id
// need not be pasted anywhere), finds that fan's entry and prints the place
// drawn. Exits 0 when all holds, 1 on a
// mismatch, 2 when it cannot check (usage, network, not drawn yet).
import { createHash, createHmac } from 'node:crypto';

const PAGE = 10_000;

function fail(message) {
  console.error(`MISMATCH: ${message}`);
  process.exit(1);
}

function cannot(message) {
  console.error(message);
  process.exit(2);
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** Integers below `bound`: HMAC-SHA256(seed bytes, "0", "1", ...) as big-endian 32-bit numbers, rejection sampled. */
function seededInts(seedHex) {
  const key = Buffer.from(seedHex, 'hex');
  let counter = 0;
  let pool = Buffer.alloc(0);
  const next32 = () => {
    if (pool.length < 4) pool = createHmac('sha256', key).update(String(counter++)).digest();
    const value = pool.readUInt32BE(0);
    pool = pool.subarray(4);
    return value;
  };
  return (bound) => {
    const limit = Math.floor(0x100000000 / bound) * bound;
    for (;;) {
      const value = next32();
      if (value < limit) return value % bound;
    }
  };
}

/** The entries sorted, then Fisher-Yates from the last place down. */
function drawOrder(entries, seedHex) {
  const order = [...entries].sort();
  const below = seededInts(seedHex);
  for (let i = order.length - 1; i > 0; i--) {
    const j = below(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

async function getJson(url) {
  let response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' } });
  } catch (error) {
    cannot(`cannot reach ${url}: ${error.message}`);
  }
  if (!response.ok) cannot(`${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

const args = process.argv.slice(2);
/** The value after a flag, taken out of the arguments. */
function option(name) {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : undefined;
}
const seen = option('--commitment');
const givenEntry = option('--entry');
const [baseUrl, eventId, ticketId] = args;
if (!baseUrl || !eventId) cannot('usage: node scripts/verify-draw.mjs <baseUrl> <eventId> [ticketId | --entry <hex>] [--commitment <hex>]');

const drawUrl = `${baseUrl.replace(/\/+$/, '')}/draws/${encodeURIComponent(eventId)}`;
const first = await getJson(`${drawUrl}?limit=${PAGE}&offset=0`);
if (!first.commitment) cannot('the event has no committed draw');
if (seen && seen.toLowerCase() !== first.commitment) fail(`the commitment is ${first.commitment}, not the ${seen} seen before the draw`);
if (!first.drawnAt) cannot(`not drawn yet: drawn at ${first.drawsAt}; commitment ${first.commitment}`);
if (!/^[0-9a-f]{64}$/.test(first.seed)) fail('the seed is not 32 bytes of lowercase hex');
if (sha256(Buffer.from(first.seed, 'hex')) !== first.commitment) fail('the seed does not hash to the commitment');

const order = [...first.order];
while (order.length < first.entrants) {
  const page = await getJson(`${drawUrl}?limit=${PAGE}&offset=${order.length}`);
  if (page.seed !== first.seed || page.entrants !== first.entrants) fail('the draw changed while it was read');
  if (!page.order.length) break;
  order.push(...page.order);
}
if (order.length !== first.entrants) fail(`the order lists ${order.length} entries, the draw says ${first.entrants}`);
if (order.some((entry) => !/^[0-9a-f]{64}$/.test(entry))) fail('an entry is not a hex SHA-256');
if (new Set(order).size !== order.length) fail('an entry appears twice');
const recomputed = drawOrder(order, first.seed);
const wrong = recomputed.findIndex((entry, i) => entry !== order[i]);
if (wrong >= 0) fail(`place ${wrong + 1} should hold ${recomputed[wrong]}, the server lists ${order[wrong]}`);

console.log(
  `draw of ${eventId}: ${order.length} entries; the seed matches the commitment ${first.commitment}; the order is the one the seed gives`,
);
const entry = givenEntry?.toLowerCase() ?? (ticketId ? sha256(ticketId) : undefined);
if (entry) {
  const place = order.indexOf(entry);
  if (place < 0) fail(`ticket entry ${entry} is not in the draw`);
  console.log(`your entry ${entry} was drawn at place ${place + 1} of ${order.length}`);
}
