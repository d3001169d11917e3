// Benchmark only, not part of the API: these paths exist only when a
// benchmark starts Harper with TICKETING_BENCH_ENDPOINTS=1, as references
// measured in the same run as the real calls. bench/browse.ts compares GETs
// with a constant answer; bench/holds.ts compares holds with a one-record
// write made through the same HTTP server as a hold (the table BenchWrite,
// which the benchmark creates).
import { Resource, tables, transaction } from '../lib/harper.js';

class BenchConstantResource extends Resource {
  static loadAsInstance = false;
  get() {
    return { status: 200, headers: {}, data: { ok: true } };
  }
}

class BenchWriteResource extends Resource {
  static loadAsInstance = false;
  async post(_target: unknown, data: unknown) {
    const record = (await data) as { id: string; n: number };
    const ctx = {};
    await transaction(ctx, () => tables.BenchWrite.put({ id: String(record.id), n: Number(record.n) }, ctx));
    return { status: 204, headers: {} };
  }
}

const enabled = process.env.TICKETING_BENCH_ENDPOINTS === '1';
export const benchConstant = enabled ? BenchConstantResource : undefined;
export const benchWrite = enabled ? BenchWriteResource : undefined;
