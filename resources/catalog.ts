// Venues, events and the seat map (API.md: organizers create, fans browse).
import { badRequest, notFound } from '../lib/errors.js';
import { createVenue } from '../catalog/venues.js';
import { createEvent, patchEvent } from '../catalog/events.js';
import { eventDetail, eventListing, eventPage, listingNow, pageNow } from '../catalog/browse.js';
import { type ListQuery, listingKey, parseListQuery } from '../catalog/listQuery.js';
import { seatMap, seatMapKey, seatMapNow } from '../catalog/seatMap.js';
import { EventListQuery } from '../lib/wire/catalog.js';
import { EventCreate, EventMove, EventPatch, VenueCreate } from '../lib/wire/organizer.js';
import { forceMove, moveEvent } from '../catalog/ownership.js';
import { logger, nodeName } from '../lib/harper.js';
import { peerDigest, takenOver } from './http/forward.js';
import { BROWSE_CACHE_CONTROL, PreparedAnswers, SEATMAP_CACHE_CONTROL, send, uncachedErrors } from './http/answerCache.js';
import { ApiResource, idOf } from './http/apiResource.js';
import { reply } from './http/reply.js';
import { LruCache } from '../lib/lru.js';
import { checkBody, checkQuery } from './http/validate.js';

export class VenuesResource extends ApiResource {
  post(target: object, data: unknown) {
    return this.answer(async () => {
      this.requireOrganizer();
      if (idOf(target)) throw badRequest('POST to /venues/ without an id.');
      return reply(201, await createVenue(checkBody(VenueCreate, this.body(data))));
    });
  }
}

// per thread, bounded by entries and bytes (with room for the compressed forms)
const listings = new PreparedAnswers(2000, 16 * 1024 * 1024, BROWSE_CACHE_CONTROL);
const eventPages = new PreparedAnswers(5000, 16 * 1024 * 1024, BROWSE_CACHE_CONTROL);
const seatMaps = new PreparedAnswers(1000, 32 * 1024 * 1024, SEATMAP_CACHE_CONTROL);

/** Listing queries checked and parsed already, by the request's path and query as sent: most requests repeat one. */
const queries = new LruCache<{ query: ListQuery; key: string }>(10_000);
/** A longer URL (padded with parameters the listing ignores) is parsed each time: the cache stays under 5 MB a thread. */
const MAX_CACHED_URL = 500;

function listQueryOf(url: string, target: { get(name: string): string | null }): { query: ListQuery; key: string } {
  const known = queries.get(url);
  if (known) return known;
  checkQuery(EventListQuery, target); // types and ranges; parseListQuery reads dates and words
  const query = parseListQuery(target);
  const parsed = { query, key: listingKey(query) };
  if (url.length <= MAX_CACHED_URL) queries.set(url, parsed);
  return parsed;
}

/** The query if it checks out; its error is answered on the way that waits. */
function checkedOrUndefined(url: string, target: { get(name: string): string | null }) {
  try {
    return listQueryOf(url, target);
  } catch {
    return undefined;
  }
}

export class EventsResource extends ApiResource {
  get(target: { get(name: string): string | null } & object) {
    const { url, headers } = this.context();
    const id = idOf(target);
    // what is in the cache and still current is answered at once, without a promise
    if (id) {
      const current = pageNow(id);
      if (current) return this.served(send(eventPages.prepared(id, current), headers));
    } else {
      const listing = checkedOrUndefined(url, target);
      const current = listing && listingNow(listing.key);
      if (current) return this.served(send(listings.prepared(listing.key, current), headers));
    }
    return this.answer(() =>
      uncachedErrors(async () => {
        if (!id) {
          const { query, key } = listQueryOf(url, target);
          return send(listings.prepared(key, await eventListing(query, key)), headers);
        }
        const page = await eventPage(id);
        if (!page) throw notFound('event');
        return send(eventPages.prepared(id, page), headers);
      }),
    );
  }

  post(target: object, data: unknown) {
    return this.answer(async () => {
      this.requireOrganizer();
      if (idOf(target)) throw badRequest('POST to /events/ without an id.');
      const event = await createEvent(checkBody(EventCreate, this.body(data)));
      return reply(201, await eventDetail(event));
    });
  }

  patch(target: object, data: unknown) {
    return this.answer(async () => {
      this.requireOrganizer();
      const id = idOf(target);
      if (!id) throw badRequest('PATCH /events/{eventId}.');
      const body = this.body(data);
      if (body !== null && typeof body === 'object' && 'owner' in body) return this.move(id, checkBody(EventMove, body));
      return this.atOwner(id, body, async () =>
        reply(200, await eventDetail(await patchEvent(id, checkBody(EventPatch, body), this.organizerName()))),
      );
    });
  }

  /** PATCH /events/{id} {owner[, force]}: a planned move runs on the owner; a forced one where it is received. */
  private async move(id: string, move: EventMove) {
    if (move.force) return reply(200, await eventDetail(await forceMove(id, move.owner)));
    return this.atOwner(id, move, async () => {
      const moved = await moveEvent(id, move.owner, () => peerDigest(move.owner, id));
      // answered once the new owner takes changes: until then they would be refused with 503
      if (moved.owner !== nodeName() && !(await takenOver(moved.owner as string, id))) {
        logger.warn(`${moved.owner} had not taken over event ${id} 5 s after its move`);
      }
      return reply(200, await eventDetail(moved));
    });
  }
}

export class SeatMapResource extends ApiResource {
  get(target: { get(name: string): string | null } & object) {
    const { headers } = this.context();
    const id = idOf(target);
    const section = target.get('section') || undefined;
    const current = id ? seatMapNow(id, section) : undefined;
    if (current) return this.served(send(seatMaps.prepared(seatMapKey(id as string, section), current), headers));
    return this.answer(() =>
      uncachedErrors(async () => {
        const map = id ? await seatMap(id, section) : undefined;
        if (!map) throw notFound('event');
        return send(seatMaps.prepared(seatMapKey(id as string, section), map), headers);
      }),
    );
  }
}
