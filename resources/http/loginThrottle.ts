// Slows down guessing of organizer passwords: after FREE failed logins from
// one address within a minute, every further call from it that carries
// credentials is refused with 429 and a wait that doubles with each failure
// (up to a minute). A login that succeeds clears its address's count, so an
// organizer whose dashboard met a few refusals (a restart) is not held up. The counts live in memory every worker thread shares (a
// fixed table of slots by a hash of the address, so a flood of addresses
// cannot grow it; two addresses that share a slot share a count).
import { createHash } from 'node:crypto';
import { tables } from '../../lib/tables.js';

const SLOTS = 4096;
const WINDOW_S = 60;
const FREE = 10;
const MAX_WAIT_S = 60;
let slots: Int32Array | undefined;

/** [failures, first failure of the window (s)] per slot */
function table(): Int32Array {
  slots ??= new Int32Array(tables.AppSecret.primaryStore.getUserSharedBuffer('login-failures', new Int32Array(2 * SLOTS).buffer));
  return slots;
}

function slotOf(address: string): number {
  return 2 * (createHash('sha1').update(address).digest().readUInt32BE(0) % SLOTS);
}

const nowS = () => Math.floor(Date.now() / 1000);

/** Seconds this address must wait before its credentials are looked at again (0: go ahead). */
export function loginWait(address: string): number {
  const t = table();
  const slot = slotOf(address);
  const failures = Atomics.load(t, slot);
  if (failures <= FREE || nowS() - Atomics.load(t, slot + 1) > WINDOW_S) return 0;
  return Math.min(MAX_WAIT_S, 2 ** Math.min(6, failures - FREE - 1));
}

/** A login from this address failed. */
export function loginFailed(address: string): void {
  const t = table();
  const slot = slotOf(address);
  if (nowS() - Atomics.load(t, slot + 1) > WINDOW_S) {
    Atomics.store(t, slot + 1, nowS());
    Atomics.store(t, slot, 0);
  }
  Atomics.add(t, slot, 1);
}

/** A login from this address succeeded. */
export function loginSucceeded(address: string): void {
  const t = table();
  const slot = slotOf(address);
  if (Atomics.load(t, slot) !== 0) Atomics.store(t, slot, 0);
}
