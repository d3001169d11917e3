// Frees the seats of holds that ran out. Availability never waits for this
// (seatStatus.ts treats a lapsed hold as free at once); the sweeper makes the
// stored state say so within a second, and the freed seats then reach the
// waitlist and the availability topic like any other seat change
// (realtime/seatWatch.ts). It runs on worker thread 0 only, which Harper
// restarts if it dies.
import { tables, logger } from '../lib/harper.js';
import { endHold, type HoldRecord } from './holds.js';

const SWEEP_MS = 250;

export function startHoldSweeper(): void {
  let sweeping = false;
  setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    sweep()
      .catch((error) => logger.error('hold sweep failed', error))
      .finally(() => (sweeping = false));
  }, SWEEP_MS).unref();
}

async function sweep(): Promise<void> {
  const now = Date.now();
  const lapsed: string[] = [];
  tables.Hold.primaryStore.resetReadTxn();
  for await (const hold of tables.Hold.search({ conditions: [{ attribute: 'status', value: 'active' }] }) as AsyncIterable<HoldRecord>) {
    if (hold.expiresAt <= now) lapsed.push(hold.id);
  }
  for (const id of lapsed) await endHold(id, 'expired');
}
