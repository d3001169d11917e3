// The benchmark-only write of resources/benchOnly.ts, as bench:holds uses it
// (the floor of a hold and its release): it must really write its records,
// and refuse what it cannot do without writing anything.
import { describe, expect, it } from 'vitest';
import { waitFor } from './client.js';
import { harperForSuite } from './suite.js';

const suite = harperForSuite({ env: { TICKETING_BENCH_ENDPOINTS: '1' } }, async ({ api }) => {
  await api.operation({ operation: 'create_table', database: 'data', table: 'BenchWrite', primary_key: 'id' });
  // declares the attribute n, which the operations API reads back only once declared
  await api.operation({ operation: 'upsert', database: 'data', table: 'BenchWrite', records: [{ id: 'seed', n: 0 }] });
});

/** The records with these ids, as n by id, once `id` is among them (the operations API may answer from a snapshot a moment old). */
const storedOnce = (ids: string[], id: string) =>
  waitFor(async () => {
    const found = await suite.api.operation({
      operation: 'search_by_id',
      database: 'data',
      table: 'BenchWrite',
      ids,
      get_attributes: ['*'],
    });
    return found.some((r: { id: string }) => r.id === id) && Object.fromEntries(found.map((r: { id: string; n: number }) => [r.id, r.n]));
  }, 10_000);

describe('POST /bench_write/', () => {
  it('writes the records asked for, through the seat lock when locked', async () => {
    const { api } = suite;
    expect((await api.post('/bench_write/', { id: 'a', n: 1 })).status).toBe(204);
    expect((await api.post('/bench_write/', { id: 'b', n: 2, records: 3, locked: true })).status).toBe(204);
    expect((await api.post('/bench_write/', { id: 'b', n: 3, records: 2, locked: true })).status).toBe(204);
    expect((await api.post('/bench_write/', { id: 'last', n: 4 })).status).toBe(204);
    expect(await storedOnce(['a', 'b', 'b~1', 'b~2', 'last'], 'last')).toEqual({ a: 1, b: 3, 'b~1': 3, 'b~2': 2, last: 4 });
  });

  it('refuses bad input with a JSON error and writes nothing', async () => {
    const { api } = suite;
    const answers = [
      await api.post('/bench_write/', { id: 'c', n: 1, records: 1_000_000_000 }),
      await api.post('/bench_write/', { id: 'c', n: 1, records: 0 }),
      await api.post('/bench_write/', { n: 1 }),
      await api.post('/bench_write/', { id: 'c', n: 'one' }),
    ];
    expect(answers.map((a) => a.status)).toEqual([422, 422, 400, 400]);
    for (const answer of answers) expect(answer.body.error).toEqual(expect.any(String));
    // a write after them: once it shows, anything they wrote would show too
    expect((await api.post('/bench_write/', { id: 'd', n: 1 })).status).toBe(204);
    expect(await storedOnce(['c', 'd'], 'd')).toEqual({ d: 1 });
  });
});
