// Frees the seats of holds that ran out, and ends the holds of a cancelled
// event (a hold made in the moment before the cancel committed included). Availability never waits for this
// (lib/records/seat.ts: seatState treats a lapsed hold as free at once); the
// sweeper makes the stored state say so within a second, and the freed seats
// then reach the waitlist and the availability topic like any other seat
// change (checkout/seatWatch.ts). It runs on worker thread 0 only, which Harper
// restarts if it dies.
import { tables } from '../lib/tables.js';
import { CoalescingJob } from '../lib/coalescingJob.js';
import { ownsEvent } from '../catalog/owners.js';
import { cachedEvent } from '../catalog/catalogVersion.js';
import { endHold } from './holds.js';

const SWEEP_MS = 250;

export function startHoldSweeper(): void {
  const sweeper = new CoalescingJob('hold sweep', sweep);
  setInterval(() => sweeper.request(), SWEEP_MS).unref();
}

async function sweep(): Promise<void> {
  const now = Date.now();
  const lapsed: string[] = [];
  const calledOff: string[] = [];
  tables.Hold.primaryStore.resetReadTxn();
  for await (const hold of tables.Hold.search({ conditions: [{ attribute: 'status', value: 'active' }] })) {
    // another node's hold is its owner's to end
    if (!(await ownsEvent(hold.eventId))) continue;
    if (hold.expiresAt <= now) lapsed.push(hold.id);
    else if ((await cachedEvent(hold.eventId))?.cancelled) calledOff.push(hold.id);
  }
  for (const id of lapsed) await endHold(id, 'expired');
  for (const id of calledOff) await endHold(id, 'released');
}
