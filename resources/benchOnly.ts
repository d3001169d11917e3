// Benchmark only, not part of the API: these paths exist only when a
// benchmark starts Harper with TICKETING_BENCH_ENDPOINTS=1, as references
// measured in the same run as the real calls. bench/browse.ts compares GETs
// with a constant answer; bench/holds.ts compares holds with a one-record
// write made through the same HTTP server as a hold (the table BenchWrite,
// which the benchmark creates), and with the least a hold and a release can
// cost: their records alone, changed through the locks (lib/locks.ts).
import { Type } from '@sinclair/typebox';
import { Resource, transaction } from '../lib/harper.js';
import { tables } from '../lib/tables.js';
import { Int, Nullable, Text } from '../lib/wire/common.js';
import { lockKey, withLocks } from '../lib/locks.js';
import { ApiResource } from './http/apiResource.js';
import { reply } from './http/reply.js';
import { checkBody } from './http/validate.js';

class BenchConstantResource extends Resource {
  static loadAsInstance = false;
  get() {
    return { status: 200, headers: {}, data: { ok: true } };
  }
}

const BenchWrite = Type.Object({
  id: Text(100),
  n: Int(0, Number.MAX_SAFE_INTEGER),
  records: Type.Optional(Nullable(Int(1, 10))),
  locked: Type.Optional(Type.Unknown({ description: 'true: through the seat lock' })),
});

/**
 * Writes `records` records (one unless asked) in one transaction, served by
 * the same request handling as a hold. `locked: true` changes them as every
 * change of the checkout does: through the locks, reading each first.
 */
class BenchWriteResource extends ApiResource {
  post(_target: unknown, data: unknown) {
    return this.answer(async () => {
      const body = checkBody(BenchWrite, this.body(await data));
      const { id, n } = body;
      const records = body.records ?? 1;
      const ids = Array.from({ length: records }, (_, i) => (i ? `${id}~${i}` : id));
      if (body.locked === true) {
        await withLocks(ids.map(lockKey.named), async (ctx) => {
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
      return reply(204);
    });
  }
}

const enabled = process.env.TICKETING_BENCH_ENDPOINTS === '1';
export const benchConstant = enabled ? BenchConstantResource : undefined;
export const benchWrite = enabled ? BenchWriteResource : undefined;
