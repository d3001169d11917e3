// The pre-queue draw anyone can check, on a real Harper: the commitment is
// public before the draw and matches the seed after it, and
// scripts/verify-draw.mjs passes on the real draw and fails on every kind of
// tampering (served by a small server that edits the real answer).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN, type Harper } from './harness.js';
import { waitFor, type Api } from './client.js';
import { harperForSuite } from './suite.js';

let harper: Harper;
let api: Api;
harperForSuite({}, (suite) => void ({ harper, api } = suite));

const run = promisify(execFile);
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** Runs the verify script; its exit code and output. */
async function verify(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, ['scripts/verify-draw.mjs', ...args]);
    return { code: 0, out: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

/** A server that answers GET /draws/{id} with the real answer, edited. */
let tamperer: Server | undefined;
afterAll(() => tamperer?.close());
async function tampered(edit: (draw: any) => void): Promise<string> {
  tamperer?.close();
  tamperer = createServer(async (req, res) => {
    const real = await (await fetch(harper.url + (req.url ?? '/'))).json();
    edit(real);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(real));
  });
  await new Promise<void>((resolve) => tamperer?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(tamperer.address() as AddressInfo).port}`;
}

describe('the pre-queue draw', () => {
  let eventId: string;
  let commitment: string;
  let tickets: { ticketId: string }[];

  it('publishes the commitment before the draw, and the seed that matches it after', async () => {
    const onSaleAt = Date.now() + 3000;
    const event = await api.createEvent({ event: { onSaleAt: new Date(onSaleAt).toISOString() } });
    eventId = event.id;
    // nobody is admitted meanwhile, so each fan's position is the place drawn
    expect((await api.patch(`/gate/${eventId}`, { paused: true }, { Authorization: ADMIN })).status).toBe(200);
    const before = await api.get(`/draws/${eventId}`);
    expect(before.status).toBe(200);
    expect(before.body.commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(before.body.seed).toBeUndefined();
    expect(before.body.order).toBeUndefined();
    commitment = before.body.commitment;
    tickets = (await Promise.all(Array.from({ length: 15 }, () => api.post('/queue/', { eventId })))).map((r) => r.body);
    expect((await verify(harper.url, eventId)).code).toBe(2); // not drawn yet: nothing to check

    const after = await waitFor(async () => {
      const draw = await api.get(`/draws/${eventId}`);
      return draw.body.drawnAt ? draw.body : undefined;
    }, 8000);
    expect(after.commitment).toBe(commitment);
    expect(sha256(Buffer.from(after.seed, 'hex'))).toBe(commitment);
    expect(after.entrants).toBe(15);
    expect(new Set(after.order)).toEqual(new Set(tickets.map((t) => sha256(t.ticketId))));
    // paged
    const page = await api.get(`/draws/${eventId}?limit=4&offset=10`);
    expect(page.body.order).toEqual(after.order.slice(10, 14));
    expect((await api.get(`/draws/${eventId}?limit=10001`)).status).toBe(422);
    expect((await api.get('/draws/e-nosuchevent')).status).toBe(404);
  });

  it('passes the script on the real draw, and tells each fan the place their ticket shows', async () => {
    const fan = tickets[7].ticketId;
    const checked = await verify(harper.url, eventId, fan, '--commitment', commitment);
    expect(checked.code, checked.out).toBe(0);
    const drawnPlace = Number(/drawn at place (\d+) of 15/.exec(checked.out)?.[1]);
    const ticket = (await api.get(`/queue/${fan}`)).body;
    expect(ticket.position).toBe(drawnPlace);
    expect(ticket.drawn).toBe(true);
    // the fan page gives the entry (the id's hash), so the secret id is never pasted anywhere
    const byEntry = await verify(harper.url, eventId, '--entry', sha256(fan));
    expect(byEntry.out).toContain(`drawn at place ${drawnPlace} of 15`);
  });

  it('fails the script when the order, the seed, the entries or the commitment were tampered with', async () => {
    const fan = tickets[3].ticketId;
    const swapped = await tampered((d) => d.order && ([d.order[0], d.order[1]] = [d.order[1], d.order[0]]));
    expect((await verify(swapped, eventId)).code).toBe(1);

    const otherSeed = await tampered((d) => d.seed && (d.seed = sha256('another seed')));
    expect((await verify(otherSeed, eventId)).out).toContain('does not hash to the commitment');

    // a seed and commitment both replaced: the order is not the one that seed gives
    const newSeed = sha256('chosen after the fact');
    const recommitted = await tampered((d) => {
      d.seed = newSeed;
      d.commitment = sha256(Buffer.from(newSeed, 'hex'));
    });
    expect((await verify(recommitted, eventId)).code).toBe(1);
    expect((await verify(recommitted, eventId, fan, '--commitment', commitment)).out).toContain('seen before the draw');

    const fanEntry = sha256(fan);
    const dropped = await tampered((d) => {
      d.order = d.order.filter((e: string) => e !== fanEntry);
      d.entrants -= 1;
    });
    const droppedRun = await verify(dropped, eventId, fan);
    expect(droppedRun.code).toBe(1);

    const added = await tampered((d) => {
      d.order.push(sha256('a ticket nobody holds'));
      d.entrants += 1;
    });
    expect((await verify(added, eventId)).code).toBe(1);

    const miscounted = await tampered((d) => void (d.entrants += 1));
    expect((await verify(miscounted, eventId)).code).toBe(1);
  });
});
