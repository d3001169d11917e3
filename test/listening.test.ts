// npm start listens on loopback only; on the network only with an admin
// password other than the seed's default. Harper's own listeners on a
// random port of every interface (one answers the operations API) are closed.
// The HTTP port takes a crowd's connections at once (lib/acceptQueue.ts).
import { execFileSync } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startHarper } from './harness.js';
import { lastRead } from './client.js';
import { harperForSuite } from './suite.js';

const suite = harperForSuite();

const networkAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

/** The addresses the Harper process listens on, from `ss` (Linux). */
function listening(pid: number): string[] {
  const lines = execFileSync('ss', ['-ltnpH'], { encoding: 'utf8' }).split('\n');
  return lines.filter((line) => line.includes(`pid=${pid},`)).map((line) => line.trim().split(/\s+/)[3]);
}

describe('listening', () => {
  it.skipIf(!networkAddress)('answers on loopback and nowhere else', async () => {
    const { harper } = suite;
    const port = new URL(harper.url).port;
    expect((await fetch(`${harper.url}/events/?limit=1`)).status).toBe(200);
    await expect(fetch(`http://${networkAddress}:${port}/events/?limit=1`)).rejects.toThrow();
    const pid = Number(readFileSync(join(harper.dataDir, 'root', 'hdb.pid'), 'utf8'));
    const open = await lastRead(
      async () => listening(pid).filter((address) => !address.startsWith('127.0.0.1:')),
      (found) => found.length === 0,
      20_000,
    );
    expect(open).toEqual([]);
  });

  it.skipIf(process.platform !== 'linux')(
    'queues up to 4,096 connections per listener on the HTTP port, not 511 as Node does',
    async () => {
      const { harper } = suite;
      const port = new URL(harper.url).port;
      // for a listening socket, ss shows its accept queue's length in Send-Q (one socket per worker thread)
      const queues = () =>
        execFileSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' })
          .trim()
          .split('\n')
          .map((line) => Number(line.trim().split(/\s+/)[2]));
      // Linux caps the length at net.core.somaxconn
      const wanted = Math.min(4096, Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8')));
      const found = await lastRead(
        async () => queues(),
        (q) => q.length > 0 && q.every((n) => n === wanted),
        20_000,
      );
      expect(found.length).toBeGreaterThan(0);
      expect(found).toEqual(found.map(() => wanted));
    },
  );

  it('refuses to listen on the network with the default admin password', async () => {
    await expect(startHarper({ env: { TICKETING_LISTEN: 'network' } })).rejects.toThrow(/default admin password/);
  });
});
