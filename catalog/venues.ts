// Venues: named sections of rows x seats. A venue's layout is fixed once an
// event uses it, so it is only ever created, never changed.
import type { Venue } from '../lib/records/venue.js';
import { nanoid } from 'nanoid';
import { tables } from '../lib/tables.js';
import { invalid } from '../lib/errors.js';
import { int, plainObject, requireBody, requiredStr, str } from '../lib/validate.js';

const MAX_SECTIONS = 50;
const MAX_SEATS = 100_000;

function parseVenue(data: unknown): Omit<Venue, 'id' | 'createdAt'> {
  const body = requireBody(data);
  const sections = body.sections;
  if (!Array.isArray(sections)) throw invalid('"sections" must be a list of {name, rows, seatsPerRow}.', { field: 'sections' });
  if (sections.length < 1 || sections.length > MAX_SECTIONS) {
    throw invalid(`A venue has 1 to ${MAX_SECTIONS} sections.`, { field: 'sections' });
  }
  const layout = sections.map((raw) => {
    const section = plainObject(raw, 'sections[]');
    return {
      name: requiredStr(section, 'name', 60),
      rows: int(section, 'rows', { min: 1, max: 200 }),
      seatsPerRow: int(section, 'seatsPerRow', { min: 1, max: 500 }),
    };
  });
  if (new Set(layout.map((s) => s.name.toLowerCase())).size !== layout.length) {
    throw invalid('Section names must be unique.', { field: 'sections' });
  }
  if (layout.reduce((sum, s) => sum + s.rows * s.seatsPerRow, 0) > MAX_SEATS) {
    throw invalid(`A venue has at most ${MAX_SEATS} seats.`, { field: 'sections' });
  }
  return {
    name: requiredStr(body, 'name'),
    city: requiredStr(body, 'city', 100),
    address: str(body, 'address', { optional: true, max: 300 }) ?? '',
    sections: layout,
  };
}

export async function createVenue(data: unknown): Promise<Venue> {
  const venue: Venue = { id: `v-${nanoid(10)}`, ...parseVenue(data), createdAt: new Date().toISOString() };
  await tables.Venue.put(venue);
  return venue;
}

export async function getVenue(id: string): Promise<Venue | undefined> {
  return tables.Venue.get(id);
}
