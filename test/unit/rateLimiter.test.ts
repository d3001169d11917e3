import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../lib/rateLimiter.js';
import { clientAddress } from '../../lib/clientAddress.js';

// one process's memory stands in for the buffer the worker threads share
const memory = () => {
  const buffers = new Map<string, ArrayBuffer>();
  return (name: string, initial: ArrayBuffer) => {
    if (!buffers.has(name)) buffers.set(name, initial);
    return buffers.get(name) as ArrayBuffer;
  };
};

describe('RateLimiter', () => {
  it('lets a key through up to its limit a minute, then says how long to wait', () => {
    const limiter = new RateLimiter('joins', 3, memory());
    const at = 60_000 * 1000 + 15_000; // 15 s into a minute
    expect([1, 2, 3].map(() => limiter.take('fan-a', at))).toEqual([0, 0, 0]);
    expect(limiter.take('fan-a', at)).toBe(45);
    // another client is not slowed
    expect(limiter.take('fan-b', at)).toBe(0);
    // the next minute counts afresh
    expect(limiter.take('fan-a', at + 45_000)).toBe(0);
  });

  it('shares its counts with every limiter of the same name on the same memory (every thread)', () => {
    const shared = memory();
    const [one, two] = [new RateLimiter('holds', 2, shared), new RateLimiter('holds', 2, shared)];
    const at = 120_000_000;
    expect([one.take('t', at), two.take('t', at)]).toEqual([0, 0]);
    expect(one.peek('t', at)).toBeGreaterThan(0);
    expect(two.take('t', at)).toBeGreaterThan(0);
  });

  it('peeks without counting', () => {
    const limiter = new RateLimiter('reads', 1, memory());
    const at = 60_000 * 5000;
    expect([limiter.peek('a', at), limiter.peek('a', at)]).toEqual([0, 0]);
    limiter.take('a', at);
    expect(limiter.peek('a', at)).toBe(60);
  });

  it('gives every key a count of its own while the table has room, even keys whose slots collide', () => {
    // 8 keys in a table of 8 slots: most land on a slot another key holds, and move on to the next
    const limiter = new RateLimiter('fans', 2, memory(), 8);
    const at = 60_000 * 7000;
    const keys = Array.from({ length: 8 }, (_, i) => `fan-${i}`);
    for (const key of keys) expect([limiter.take(key, at), limiter.take(key, at)]).toEqual([0, 0]);
    for (const key of keys) expect(limiter.take(key, at)).toBeGreaterThan(0);
  });
});

describe('clientAddress', () => {
  const trusted = new Set(['10.0.0.1', '10.0.0.2']);
  it('believes X-Forwarded-For only from a trusted proxy, and only the entries trusted proxies added', () => {
    expect(clientAddress('203.0.113.9', '198.51.100.1', trusted)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.1', '198.51.100.1', trusted)).toBe('198.51.100.1');
    // the client wrote the first entry itself; the proxies appended the rest
    expect(clientAddress('10.0.0.1', '1.2.3.4, 198.51.100.1, 10.0.0.2', trusted)).toBe('198.51.100.1');
    expect(clientAddress('10.0.0.1', undefined, trusted)).toBe('10.0.0.1');
    // a dual-stack socket reports an IPv4 peer as ::ffff:a.b.c.d
    expect(clientAddress('::ffff:10.0.0.1', '198.51.100.1', trusted)).toBe('198.51.100.1');
  });
});
