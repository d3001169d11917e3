// The pure parts of browsing, in-process: the listing query and the answer
// cache (bounds, ETags, encodings).
import { describe, expect, it } from 'vitest';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { filterKey, parseListQuery } from '../catalog/listQuery.js';
import { chooseEncoding, matchesEtag, prepare, PreparedAnswers, send, weightOf } from '../resources/http/answerCache.js';
import { LruCache } from '../lib/lru.js';
import { SharedBuilds } from '../lib/sharedBuilds.js';
import type { ApiError } from '../lib/errors.js';

const params = (query: string) => new URLSearchParams(query);
const fails = (query: string) => {
  try {
    parseListQuery(params(query));
  } catch (error) {
    return (error as ApiError).status;
  }
  return 200;
};

describe('parseListQuery', () => {
  it('has defaults and normalizes what it is given', () => {
    expect(parseListQuery(params(''))).toEqual({ limit: 20, offset: 0 });
    const query = parseListQuery(params('category=MUSIC&q=Owls%20the%20midnight&from=2026-12-01&to=2026-12-31&limit=5&offset=10'));
    expect(query).toMatchObject({
      category: 'music',
      words: ['midnight', 'owls', 'the'],
      from: '2026-12-01T00:00:00.000Z',
      to: '2026-12-31T23:59:59.999Z', // a bare date as "to" takes in the whole day
      limit: 5,
      offset: 10,
    });
    expect(parseListQuery(params('from=2026-12-01T20:00:00%2B01:00')).from).toBe('2026-12-01T19:00:00.000Z');
    expect(parseListQuery(params('from=2026-12-01T20:00:00+01:00')).from).toBe('2026-12-01T19:00:00.000Z'); // "+" unencoded
    expect(parseListQuery(params('from=2026-12-01T20:00')).from).toBe('2026-12-01T20:00:00.000Z'); // no zone: UTC
  });

  it('gives one filter key to two spellings of one question', () => {
    const a = parseListQuery(params('q=Midnight+OWLS&category=Music&limit=5'));
    const b = parseListQuery(params('category=music&q=owls%20midnight&limit=50'));
    expect(filterKey(a)).toBe(filterKey(b));
    expect(filterKey(a)).not.toBe(filterKey(parseListQuery(params('q=owls'))));
  });

  it('refuses bad values: 400 for the wrong type, 422 for values out of range', () => {
    expect(fails('limit=abc')).toBe(400);
    expect(fails('limit=1.5')).toBe(400);
    expect(fails('offset=x')).toBe(400);
    for (const query of [
      'limit=-5',
      'limit=0',
      'limit=101',
      'offset=-1',
      'category=opera',
      'from=yesterday',
      'from=2026-02-31',
      'to=2026-13-01',
      'from=1',
      'from=2026-12-02&to=2026-12-01',
      'q=%21%21%21',
      `q=${Array.from({ length: 11 }, (_, i) => `w${i}`).join('+')}`,
      `city=${'x'.repeat(201)}`,
    ]) {
      expect([query, fails(query)]).toEqual([query, 422]);
    }
    expect(fails('limit=100&offset=0&from=2026-12-01&to=2026-12-01')).toBe(200);
  });
});

describe('prepared answers', () => {
  it('tags an answer by its content and answers If-None-Match with 304', () => {
    const a = prepare({ items: [1, 2] }, 'public, max-age=1');
    expect(a.etag).toBe(prepare({ items: [1, 2] }, 'public, max-age=1').etag);
    expect(a.etag).not.toBe(prepare({ items: [1, 3] }, 'public, max-age=1').etag);
    const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name] });
    const full = send(a, headers({}));
    expect(full.status).toBe(200);
    expect(JSON.parse(full.body!.toString())).toEqual({ items: [1, 2] });
    expect(full.headers).toMatchObject({ ETag: a.etag, 'Cache-Control': 'public, max-age=1', Vary: 'Accept-Encoding' });
    const again = send(a, headers({ 'if-none-match': a.etag }));
    expect(again).toEqual({ status: 304, headers: { ETag: a.etag, 'Cache-Control': 'public, max-age=1', Vary: 'Accept-Encoding' } });
    expect(matchesEtag(`"x", ${a.etag.slice(2)}`, a.etag)).toBe(true); // strong form of the weak tag, in a list
    expect(matchesEtag('*', a.etag)).toBe(true);
    expect(matchesEtag('W/"other"', a.etag)).toBe(false);
  });

  it('compresses big answers once, as the client accepts', () => {
    const big = prepare({ text: 'seat '.repeat(1000) }, 'x');
    const headers = (value: string) => ({ get: (name: string) => (name === 'accept-encoding' ? value : undefined) });
    const br = send(big, headers('gzip, deflate, br'));
    expect(br.headers['Content-Encoding']).toBe('br');
    expect(brotliDecompressSync(br.body!).equals(big.json)).toBe(true);
    expect(send(big, headers('gzip, deflate, br')).body).toBe(br.body); // made once
    const gzip = send(big, headers('gzip, br;q=0'));
    expect(gzip.headers['Content-Encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body!).equals(big.json)).toBe(true);
    expect(send(big, headers('identity')).body).toBe(big.json);
    expect(send(prepare({ small: true }, 'x'), headers('br')).headers['Content-Encoding']).toBeUndefined();
    expect(chooseEncoding(undefined)).toBeUndefined();
  });
});

describe('LruCache', () => {
  const entry = (bytes: number) => ({ answer: prepare('x'.repeat(bytes), 'x') });
  type Entry = ReturnType<typeof entry>;
  const weigh = (e: Entry) => weightOf(e.answer);

  it('drops the least recently used entries beyond its entry bound', () => {
    const cache = new LruCache<Entry>(2, 1e9, weigh);
    cache.set('a', entry(1));
    cache.set('b', entry(1));
    cache.get('a');
    cache.set('c', entry(1));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
  });

  it('keeps an entry read between insertions, however many come', () => {
    const cache = new LruCache<Entry>(100, 1e9, weigh);
    cache.set('hot', entry(1));
    for (let i = 0; i < 1000; i++) {
      cache.set(`k${i}`, entry(1));
      expect(cache.get('hot')).toBeDefined();
    }
    expect(cache.size).toBe(100);
    expect(cache.get('k0')).toBeUndefined();
  });

  it('keeps its bytes under the bound', () => {
    const one = weightOf(entry(1000).answer);
    const cache = new LruCache<Entry>(1000, one * 3, weigh);
    for (let i = 0; i < 10; i++) cache.set(`k${i}`, entry(1000));
    expect(cache.size).toBe(3);
    expect(cache.weight).toBeLessThanOrEqual(one * 3);
    cache.set('huge', entry(10_000)); // bigger than the whole bound: not kept
    expect(cache.get('huge')).toBeUndefined();
    cache.delete('k9');
    cache.set('k9', entry(1000));
    expect(cache.weight).toBe(one * 3);
    cache.clear();
    expect(cache.weight).toBe(0);
  });
});

describe('PreparedAnswers', () => {
  it('prepares an answer once per version and asks for its data only then', () => {
    const answers = new PreparedAnswers(10, 1e9, 'public');
    let built = 0;
    const versioned = (version: number) => ({ version, data: () => ({ built: ++built }) });
    const first = answers.prepared('k', versioned(1));
    expect(answers.prepared('k', versioned(1))).toBe(first);
    expect(built).toBe(1);
    expect(answers.prepared('k', versioned(2)).etag).not.toBe(first.etag);
    expect(built).toBe(2);
  });
});

describe('SharedBuilds', () => {
  it('shares a running build within a round, never across rounds', async () => {
    const builds = new SharedBuilds<number>();
    let made = 0;
    const build = () => new Promise<number>((resolve) => setTimeout(() => resolve(++made), 10));
    const [a, b] = await Promise.all([builds.run('k', 1, build), builds.run('k', 1, build)]);
    expect([a, b]).toEqual([1, 1]);
    const first = builds.run('k', 1, build);
    const second = builds.run('k', 2, build); // the catalog changed meanwhile: a build of its own
    expect(await first).not.toBe(await second);
  });
});
