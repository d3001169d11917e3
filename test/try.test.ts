// The README's first screen: scripts/try.mjs walks a fan from the listing to
// an order against a fresh start with the demo data.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { harperForSuite } from './suite.js';

const suite = harperForSuite({ demoData: true });
const script = join(import.meta.dirname, '..', 'scripts', 'try.mjs');

describe('scripts/try.mjs', () => {
  it('browses, queues, holds and buys, one line per step', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [script, suite.harper.url], { timeout: 90_000 });
    console.log(stdout);
    const lines = stdout.trim().split('\n');
    expect(lines.map((line) => line.split(':')[0])).toEqual(['events', 'event', 'queue', 'admitted', 'held', 'bought']);
    expect(lines[0]).toMatch(/^events: 50 listed/);
    expect(lines.at(-1)).toMatch(/^bought: order \S+ confirmed, 2 seats/);
  });
});
