// Demo data for a fresh install (the local scale of seed 004): 8 venues in 6
// cities, 50 events over the next 90 days, every event on sale.
//
// Every worker thread awaits seedDemoData while its module loads, and Harper
// lets a thread serve only once that is done, so the first answer after a
// fresh start already shows all of the demo data. The first thread to take
// the cross-thread lock loads it; the others wait on the lock and then find
// it loaded.
import { logger } from '../lib/harper.js';
import { tables } from '../lib/tables.js';
import { createEvent } from './events.js';
import { CATEGORIES } from './eventRules.js';
import { createVenue } from './venues.js';

const CITIES = ['Austin', 'Denver', 'Chicago', 'Seattle', 'Boston', 'Atlanta'];
const VENUE_NAMES = [
  'Paramount Hall',
  'Red Rock Arena',
  'Lakeside Theater',
  'Harbor Pavilion',
  'Union Stage',
  'Peachtree Dome',
  'Riverside Bowl',
  'The Foundry',
];
const SECTIONS = ['Floor', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'Balcony'];
const ACTS: Record<string, string[]> = {
  music: ['The Midnight Owls', 'Luna Vega', 'Brass Republic', 'Static Hearts', 'DJ Koral'],
  sports: ['Austin Comets vs Denver Peaks', 'Chicago Wolves vs Boston Tides', 'Seattle Orcas vs Atlanta Flames'],
  comedy: ['Maya Patel', 'Big Joe Ramos', 'The Improv Collective'],
  theater: ['Hamlet', 'The Glass Garden', 'Night at the Opera House'],
  family: ['Circus Fantasia', 'Dino Live!', 'Magic of Milo'],
};

const SEED_LOCK = 'demo-data';

export async function seedDemoData(): Promise<void> {
  const store = tables.Venue.primaryStore;
  await new Promise<void>(function attempt(resolve) {
    if (store.attemptLock(SEED_LOCK, 1, () => attempt(resolve))) resolve();
  });
  try {
    store.resetReadTxn(); // see the venues another thread has just loaded
    for await (const _ of tables.Venue.search({ conditions: [], limit: 1 })) return; // not a fresh install
    await load();
  } finally {
    store.unlock(SEED_LOCK, 1);
  }
}

async function load(): Promise<void> {
  const started = Date.now();
  const venues = [];
  for (let i = 0; i < VENUE_NAMES.length; i++) {
    venues.push(
      await createVenue({
        name: VENUE_NAMES[i],
        city: CITIES[i % CITIES.length],
        address: `${100 + i * 17} Main Street`,
        sections: SECTIONS.map((name) => ({ name, rows: 10, seatsPerRow: 10 })),
      }),
    );
  }
  const day = 86_400_000;
  for (let i = 0; i < 50; i++) {
    const category = CATEGORIES[i % CATEGORIES.length];
    const act = ACTS[category][i % ACTS[category].length];
    const venue = venues[(i * 3) % venues.length];
    const startsAt = new Date(Math.floor(started / 3_600_000) * 3_600_000 + (1 + (i * 89) / 50) * day + 20 * 3_600_000);
    await createEvent({
      name: category === 'sports' ? act : `${act} ${['Live', 'Tour', 'Night', 'Show', 'Special'][i % 5]}`,
      category,
      venueId: venue.id,
      startsAt: startsAt.toISOString(),
      onSaleAt: new Date(started - day).toISOString(),
      description: `${act} at ${venue.name}, ${venue.city}.`,
      performers: category === 'sports' ? act.split(' vs ') : [act],
      prices: Object.fromEntries(SECTIONS.map((name, s) => [name, 15000 - s * 1000 + (i % 4) * 500])),
    });
  }
  logger.info(`demo data loaded in ${Date.now() - started} ms`);
}
