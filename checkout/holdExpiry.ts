// Frees the seats of holds that ran out. Availability never waits for this
// (seatStatus.ts treats a lapsed hold as free at once); the sweeper makes the
// stored state say so within a second and reports the seats that came back.
// It runs on worker thread 0 only, which Harper restarts if it dies.
import { tables, logger } from '../lib/harper.js';
import { endHold, type HoldRecord } from './holds.js';

const SWEEP_MS = 250;

export type FreedSeatsListener = (eventId: string, seatIds: string[]) => void;

export function startHoldSweeper(onFreed: FreedSeatsListener = () => undefined): void {
  let sweeping = false;
  setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    sweep(onFreed)
      .catch((error) => logger.error('hold sweep failed', error))
      .finally(() => (sweeping = false));
  }, SWEEP_MS).unref();
}

async function sweep(onFreed: FreedSeatsListener): Promise<void> {
  const now = Date.now();
  const lapsed: string[] = [];
  tables.Hold.primaryStore.resetReadTxn();
  for await (const hold of tables.Hold.search({ conditions: [{ attribute: 'status', value: 'active' }] }) as AsyncIterable<HoldRecord>) {
    if (hold.expiresAt <= now) lapsed.push(hold.id);
  }
  for (const id of lapsed) {
    const result = await endHold(id, 'expired');
    if (result?.freedSeatIds.length) onFreed(result.hold.eventId, result.freedSeatIds);
  }
}
