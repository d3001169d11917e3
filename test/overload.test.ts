// Past what a thread can serve, browsing and joins are refused at once with
// 503 and Retry-After (resources/http/overload.ts) instead of being answered
// seconds late; a fan's hold or order never is. The benchmark-only
// /bench_busy/ keeps the one worker thread busy for a while, as a turn of its
// event loop that a crowd made long would; requests sent meanwhile are read
// after it.
import { describe, expect, it } from 'vitest';
import { harperForSuite } from './suite.js';

const suite = harperForSuite({ threads: 1, demoData: true, env: { TICKETING_BENCH_ENDPOINTS: '1' } });

const BROWSE = ['/events/', '/events/?category=music', '/events/?limit=1'];

describe('overload', () => {
  it('refuses browsing and joins with 503 and Retry-After while the thread is far behind, and serves them again after', async () => {
    const { api } = suite;
    const eventId = (await api.get('/events/?limit=1')).body.items[0].id;
    const pages = [...BROWSE, `/events/${eventId}`, `/seatmap/${eventId}`];
    // connections opened (and every answer cached) before the thread is kept busy
    await Promise.all(pages.map((path) => api.get(path)));

    const busy = api.get('/bench_busy/?ms=1500');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [browsing, join, hold] = await Promise.all([
      Promise.all(pages.map((path) => api.get(path))),
      api.post('/queue/', { eventId, fanKey: 'fan-key-of-overload-test' }),
      api.get('/holds/no-such-hold'),
    ]);
    expect((await busy).status).toBe(204);

    expect([...browsing, join].map((answer) => answer.status)).toEqual([...pages.map(() => 503), 503]);
    for (const answer of [...browsing, join]) {
      expect(answer.body).toMatchObject({ error: 'busy', message: expect.any(String) });
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(answer.headers.get('served-by')).toBeTruthy();
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    }
    // not a call the crowd makes: answered as ever
    expect(hold.status).toBe(404);

    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const path of pages) expect((await api.get(path)).status).toBe(200);
  });
});
