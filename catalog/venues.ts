// Venues: named sections of rows x seats. A venue's layout is fixed once an
// event uses it, so it is only ever created, never changed.
import type { Venue } from '../lib/records/venue.js';
import { nanoid } from 'nanoid';
import { tables } from '../lib/tables.js';
import { invalid } from '../lib/errors.js';
import type { VenueCreate } from '../lib/wire/organizer.js';

const MAX_SEATS = 100_000;

/** The checks a schema cannot make: unique section names (in any case), and the seat count. */
function parseVenue(body: VenueCreate): Omit<Venue, 'id' | 'createdAt'> {
  const layout = body.sections.map(({ name, rows, seatsPerRow, layout: place }) => ({
    name,
    rows,
    seatsPerRow,
    ...(place ? { layout: place } : {}),
  }));
  const outside = layout.find(({ layout: p }) => p && (p.x + p.width > 100 || p.y + p.height > 100));
  if (outside)
    throw invalid(`Section "${outside.name}" reaches past the plan: x + width and y + height must be at most 100.`, { field: 'sections' });
  if (new Set(layout.map((s) => s.name.toLowerCase())).size !== layout.length) {
    throw invalid('Section names must be unique.', { field: 'sections' });
  }
  if (layout.reduce((sum, s) => sum + s.rows * s.seatsPerRow, 0) > MAX_SEATS) {
    throw invalid(`A venue has at most ${MAX_SEATS} seats.`, { field: 'sections' });
  }
  return {
    name: body.name,
    city: body.city,
    address: body.address ?? '',
    sections: layout,
  };
}

export async function createVenue(body: VenueCreate): Promise<Venue> {
  const venue: Venue = { id: `v-${nanoid(10)}`, ...parseVenue(body), createdAt: new Date().toISOString() };
  await tables.Venue.put(venue);
  return venue;
}

export async function getVenue(id: string): Promise<Venue | undefined> {
  return tables.Venue.get(id);
}
