// Benchmark only, not part of the API: these paths exist only when a
// benchmark starts Harper with TICKETING_BENCH_ENDPOINTS=1, as references
// measured in the same run as the real calls. bench/browse.ts compares GETs
// with a constant answer; bench/holds.ts compares holds with a one-record
// write made through the same HTTP server as a hold (the table BenchWrite,
// which the benchmark creates), and with the least a hold and a release can
// cost: their records alone, changed through the seat lock.
import { Resource, tables, transaction } from '../lib/harper.js';
import { lockKey, withSeatLock } from '../checkout/seatLock.js';

class BenchConstantResource extends Resource {
  static loadAsInstance = false;
  get() {
    return { status: 200, headers: {}, data: { ok: true } };
  }
}

/**
 * Writes `records` records (one unless asked) in one transaction. `locked`
 * changes them as every change of the checkout does: through the seat lock,
 * reading each before writing it.
 */
class BenchWriteResource extends Resource {
  static loadAsInstance = false;
  async post(_target: unknown, data: unknown) {
    const { id, n, records = 1, locked = false } = (await data) as { id: string; n: number; records?: number; locked?: boolean };
    const ids = Array.from({ length: records }, (_, i) => (i ? `${id}~${i}` : id));
    if (locked) {
      await withSeatLock(ids.map(lockKey.named), async (ctx) => {
        for (const key of ids) {
          const old = await tables.BenchWrite.get(key, ctx);
          await tables.BenchWrite.put({ ...old, id: key, n }, ctx);
        }
      });
    } else {
      const ctx = {};
      await transaction(ctx, async () => {
        for (const key of ids) await tables.BenchWrite.put({ id: key, n }, ctx);
      });
    }
    return { status: 204, headers: {} };
  }
}

const enabled = process.env.TICKETING_BENCH_ENDPOINTS === '1';
export const benchConstant = enabled ? BenchConstantResource : undefined;
export const benchWrite = enabled ? BenchWriteResource : undefined;
