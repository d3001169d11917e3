// A fan's whole path through the API, one line per step: browse, join the
// waiting room, wait to be admitted, hold seats, buy them.
//
//   node scripts/try.mjs [base URL, default http://localhost:9926]
//
// Plain Node 20 (its fetch), no dependencies. Waits up to two minutes for a
// server that is still starting, then exits 1 at the first answer that is
// not the one expected.
import { randomBytes, randomUUID } from 'node:crypto';

const base = (process.argv[2] ?? 'http://localhost:9926').replace(/\/+$/, '');
const QUANTITY = 2;
const START_TIMEOUT_MS = 120_000;
const ADMISSION_TIMEOUT_MS = 60_000;

function fail(message) {
  console.error(`failed: ${message}`);
  process.exit(1);
}

async function call(method, path, { body, headers = {} } = {}) {
  let response;
  try {
    response = await fetch(base + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    fail(`${method} ${path}: ${error.cause?.message ?? error.message}`);
  }
  const text = await response.text();
  let data;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = text;
  }
  return { status: response.status, data };
}

async function expect(status, method, path, options) {
  const answer = await call(method, path, options);
  if (answer.status !== status) fail(`${method} ${path} answered ${answer.status}, expected ${status}: ${JSON.stringify(answer.data)}`);
  return answer.data;
}

const dollars = (cents) => `$${(cents / 100).toFixed(2)}`;

/** `npm start` answers once the demo data is loaded: until then, connections are refused. */
async function whenListening() {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let said = false;
  for (;;) {
    try {
      const response = await fetch(`${base}/events/?limit=1`);
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch (error) {
      if (Date.now() > deadline)
        fail(`nothing answers at ${base} (${error.cause?.message ?? error.message}); start the server with npm start`);
    }
    if (Date.now() > deadline) fail(`${base} still answers 5xx after ${START_TIMEOUT_MS / 1000} s`);
    if (!said) console.log(`waiting: ${base} does not answer yet (npm start takes a few seconds)`);
    said = true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

await whenListening();
const listing = await expect(200, 'GET', '/events/?limit=100');
const onSale = listing.items.find((event) => event.status === 'on_sale');
if (!onSale) fail(`none of the ${listing.total} events listed is on sale`);
console.log(`events: ${listing.total} listed; picked "${onSale.name}" (${onSale.id}), ${onSale.venue.city}, ${onSale.startsAt}`);

const event = await expect(200, 'GET', `/events/${onSale.id}`);
const section = event.sections.find((s) => s.available >= QUANTITY);
if (!section) fail(`no section of ${event.id} has ${QUANTITY} seats available`);
const sectionNames = event.sections.map((s) => s.name).join(', ');
console.log(`event: sections ${sectionNames}; choosing ${QUANTITY} in "${section.name}" at ${dollars(section.price)} each`);

const fanKey = randomBytes(16).toString('hex');
const joined = await call('POST', '/queue/', { body: { eventId: event.id, fanKey } });
if (joined.status !== 201 && joined.status !== 200) fail(`POST /queue/ answered ${joined.status}: ${JSON.stringify(joined.data)}`);
let ticket = joined.data;
console.log(`queue: joined as ticket ${ticket.ticketId}, ${ticket.state}, position ${ticket.position}, ${ticket.ahead} ahead`);

const deadline = Date.now() + ADMISSION_TIMEOUT_MS;
while (ticket.state === 'waiting') {
  if (Date.now() > deadline) fail(`not admitted within ${ADMISSION_TIMEOUT_MS / 1000} s: ${JSON.stringify(ticket)}`);
  await new Promise((resolve) => setTimeout(resolve, 500));
  ticket = await expect(200, 'GET', `/queue/${ticket.ticketId}`);
}
if (ticket.state !== 'admitted') fail(`ticket ended ${ticket.state} instead of admitted: ${JSON.stringify(ticket)}`);
console.log(`admitted: token until ${ticket.tokenExpiresAt}`);

const hold = await expect(201, 'POST', '/holds/', {
  body: { section: section.name, quantity: QUANTITY },
  headers: { 'admission-token': ticket.token },
});
const seats = hold.seats.map((s) => `${s.section} row ${s.row} seat ${s.number}`).join(', ');
console.log(`held: ${hold.holdId}, ${seats}, ${dollars(hold.total)}, until ${hold.expiresAt}`);

const order = await expect(201, 'POST', '/orders/', {
  body: { holdId: hold.holdId, buyer: { name: 'Try Script', email: 'try@example.com' }, payment: { token: 'tok_visa' } },
  headers: { 'idempotency-key': randomUUID() },
});
console.log(`bought: order ${order.orderId} ${order.status}, ${order.seats.length} seats, ${dollars(order.total)}`);
