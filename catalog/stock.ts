// Seat counts for browse answers, without making a fan wait for a rebuild.
// checkout/inventory.ts answers at once while its snapshot of an event is
// current, but after a seat change it re-reads the event's seats, and under
// an on-sale's load that read took seconds (bench:browse while seats change).
// A browse request then shows the snapshot this thread saw last, and the
// rebuild goes on for the next request: the answer is as fresh as the
// inventory can be built, and no browse request queues behind it. Only an
// event this thread has never seen is waited for.
import { inventory, type InventorySnapshot } from '../checkout/inventory.js';

const lastSeen = new Map<string, InventorySnapshot>();
const MAX_EVENTS = 10_000;

const nextTurn = () => new Promise<undefined>((resolve) => setImmediate(resolve, undefined));

function remembered(eventId: string): Promise<InventorySnapshot> {
  return inventory(eventId).then((stock) => {
    if (lastSeen.size >= MAX_EVENTS && !lastSeen.has(eventId)) lastSeen.clear();
    lastSeen.set(eventId, stock);
    return stock;
  });
}

/** The newest snapshot of each event to be had now: current ones resolve within this turn, else the last seen. */
export async function currentStocks(eventIds: string[]): Promise<InventorySnapshot[]> {
  const all = Promise.all(eventIds.map(remembered));
  // current snapshots resolve in microtasks, before the next turn of the event loop
  const ready = await Promise.race([all, nextTurn()]);
  if (ready) return ready;
  const known = eventIds.map((id) => lastSeen.get(id));
  if (known.some((stock) => stock === undefined)) return all;
  all.catch(() => undefined); // the rebuild's failure is inventory's to report; the next request tries again
  return known as InventorySnapshot[];
}
