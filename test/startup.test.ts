// A fresh start answers its first HTTP request only once the demo data is
// complete: every worker thread waits for it while its module loads
// (resources/index.ts, catalog/demoData.ts).
import { describe, expect, it } from 'vitest';
import { harperForSuite } from './suite.js';

const suite = harperForSuite({ demoData: true });

describe('start-up', () => {
  it('shows all 50 demo events at the first answer of a fresh start', async () => {
    const first = suite.harper.firstAnswer;
    if (!first) throw new Error('the harness saw no answer');
    console.log(`first answer of a fresh start after ${first.afterMs} ms`);
    expect(first.status).toBe(200);
    expect((first.body as { total: number }).total).toBe(50);
    const listing = await suite.api.get('/events/?limit=100');
    expect(listing.body.items).toHaveLength(50);
  });
});
