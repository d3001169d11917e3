// Benchmark only, not part of the API: these paths exist only when a
// benchmark starts Harper with TICKETING_BENCH_ENDPOINTS=1, as references
// measured in the same run as the real calls. bench/browse.ts compares GETs
// with a constant answer, and with one of their size and headers
// (?bytes=N); bench/holds.ts compares holds with a one-record write made
// through the same HTTP server as a hold (the table BenchWrite,
// which the benchmark creates), and with the least a hold and a release can
// cost: their records alone, changed through the locks (lib/locks.ts).
// /bench_profile/start and /bench_profile/stop?name= profile every worker
// thread in between (resources/benchProfiler.ts). /bench_busy/?ms=N keeps
// the thread that gets it busy for N ms, as a turn of its event loop that a
// crowd made long would (test/overload.test.ts).
import { Type } from '@sinclair/typebox';
import { nodeName, Resource, transaction } from '../lib/harper.js';
import { BROWSE_CACHE_CONTROL } from './http/answerCache.js';
import { tables } from '../lib/tables.js';
import { Int, Nullable, Text } from '../lib/wire/common.js';
import { lockKey, withLocks } from '../lib/locks.js';
import { ApiResource } from './http/apiResource.js';
import { reply } from './http/reply.js';
import { checkBody } from './http/validate.js';
import { profileAllThreads } from './benchProfiler.js';

/** Bodies of `?bytes=N`, by size: the floor an answer of that size and those headers sets. */
const sized = new Map<number, Buffer>();

class BenchConstantResource extends Resource {
  static loadAsInstance = false;
  get(target: { get(name: string): string | null }) {
    const bytes = Math.min(Number(target.get('bytes')) || 0, 1_000_000);
    if (!bytes) return { status: 200, headers: {}, data: { ok: true } };
    let body = sized.get(bytes);
    if (!body) sized.set(bytes, (body = Buffer.from(JSON.stringify({ x: 'x'.repeat(Math.max(0, bytes - 8)) }))));
    // the headers a browse answer carries (resources/http/answerCache.ts send, ApiResource.served)
    const headers = {
      ETag: 'W/"bench-constant-of-this-size"',
      'Cache-Control': BROWSE_CACHE_CONTROL,
      Vary: 'Accept-Encoding',
      'Content-Type': 'application/json; charset=utf-8',
      'Served-By': nodeName(),
    };
    return { status: 200, headers, body };
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

class BenchProfileResource extends Resource {
  static loadAsInstance = false;
  async get(target: { id?: unknown; get(name: string): string | null }) {
    await profileAllThreads(String(target.id), target.get('name') ?? undefined);
    return { status: 204, headers: {} };
  }
}

class BenchBusyResource extends Resource {
  static loadAsInstance = false;
  get(target: { get(name: string): string | null }) {
    const until = performance.now() + Math.min(Number(target.get('ms')) || 0, 10_000);
    while (performance.now() < until) {
      // the thread does nothing else meanwhile
    }
    return { status: 204, headers: {} };
  }
}

const enabled = process.env.TICKETING_BENCH_ENDPOINTS === '1';
export const benchConstant = enabled ? BenchConstantResource : undefined;
export const benchWrite = enabled ? BenchWriteResource : undefined;
export const benchProfile = enabled ? BenchProfileResource : undefined;
export const benchBusy = enabled ? BenchBusyResource : undefined;
