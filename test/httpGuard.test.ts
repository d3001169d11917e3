// What every answer carries, Harper's own included: the API's error shape,
// refused methods and broken URLs, browser safety headers, no-store on a fan's state.
import { request } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { harperForSuite } from './suite.js';

const suite = harperForSuite();

/** A request as any client may send it (fetch refuses TRACE, and encodes a broken path). */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: any }>((resolve, reject) => {
    const req = request(`${suite.harper.url}${path}`, { method, headers }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // kept as text
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const shaped = { error: expect.stringMatching(/^[a-z_]+$/), message: expect.any(String) };

describe('every answer', () => {
  it('refuses TRACE and a path that is not a valid URL, in the API error shape', async () => {
    const trace = await raw('TRACE', '/events/');
    expect([trace.status, trace.body]).toEqual([405, shaped]);
    const broken = await raw('GET', '/queue/%ZZ');
    expect([broken.status, broken.body]).toEqual([400, shaped]);
  });

  it("gives Harper's own errors the API shape, naming nothing internal", async () => {
    const login = await raw('GET', '/gate/e-x', { Authorization: `Basic ${Buffer.from('admin:wrong').toString('base64')}` });
    expect([login.status, login.body]).toEqual([401, shaped]);
    const put = await raw('PUT', '/queue/t-x', { 'Content-Type': 'application/json' }, '{}');
    expect(put.status).toBeGreaterThanOrEqual(400);
    expect(put.body).toEqual(shaped);
    expect(JSON.stringify(put.body)).not.toMatch(/Resource|ClientError/);
  });

  it('answers headers too large (431) and bytes that are not HTTP (400) in the API shape, on every thread', async () => {
    // each over a connection of its own: both worker threads answer some
    for (let i = 0; i < 4; i++) {
      const large = await raw('GET', '/events/', { 'X-Padding': 'x'.repeat(20_000) });
      expect([large.status, large.body]).toEqual([431, shaped]);
    }
    const garbage = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(suite.harper.url).port), '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => (text += chunk));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(garbage.split('\r\n\r\n')[1])).toEqual(shaped);
  });

  it('carries the headers that keep the pages safe in a browser', async () => {
    for (const path of ['/', '/organizer/', '/events/']) {
      const page = await raw('GET', path);
      expect(page.status, path).toBe(200);
      expect(page.headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(page.headers['x-frame-options'], path).toBe('DENY');
      expect(page.headers['x-content-type-options'], path).toBe('nosniff');
      expect(page.headers['referrer-policy'], path).toBe('no-referrer');
    }
  });

  it("is never kept by a cache when it is a fan's own state or an error", async () => {
    for (const [method, path] of [
      ['GET', '/queue/t-e-x~unknown'],
      ['GET', '/holds/h-e-x~unknown'],
      ['POST', '/holds/'],
      ['GET', '/gate/e-x'],
    ]) {
      const answer = await raw(method, path, { 'Content-Type': 'application/json' }, method === 'POST' ? '{}' : undefined);
      expect([path, answer.headers['cache-control']]).toEqual([path, 'no-store']);
    }
  });

  it('lets an organizer who logs in between a few failures go on', async () => {
    const wrong = { Authorization: `Basic ${Buffer.from('admin:typo').toString('base64')}` };
    const right = { Authorization: `Basic ${Buffer.from('admin:password').toString('base64')}` };
    const statuses: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 8; i++) statuses.push((await raw('GET', '/gate/e-x', wrong)).status);
      statuses.push((await raw('GET', '/cluster', right)).status);
    }
    expect(statuses.filter((status) => status === 429)).toEqual([]);
  });

  // last: it leaves this address unable to log in for a while
  it('slows down an address that keeps failing to log in', async () => {
    const wrong = { Authorization: `Basic ${Buffer.from('admin:guess').toString('base64')}` };
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) statuses.push((await raw('GET', '/gate/e-x', wrong)).status);
    expect(statuses.slice(0, 9).every((status) => status === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const refused = await raw('GET', '/cluster', { Authorization: `Basic ${Buffer.from('admin:password').toString('base64')}` });
    expect([refused.status, refused.body.error]).toEqual([429, 'rate_limited']);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });
});
