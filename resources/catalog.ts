// Venues, events and the seat map (API.md: organizers create, fans browse).
import { badRequest, notFound } from '../lib/errors.js';
import { createVenue } from '../catalog/venues.js';
import { createEvent, patchEvent } from '../catalog/events.js';
import { eventDetail, eventListing, eventPage, parseListQuery } from '../catalog/browse.js';
import { EventListQuery } from '../lib/wire/catalog.js';
import { EventCreate, EventPatch, VenueCreate } from '../lib/wire/organizer.js';
import { send, uncachedErrors } from '../catalog/answerCache.js';
import { preparedSeatMap } from '../checkout/seatMap.js';
import { ApiResource, idOf, reply } from './http.js';
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

export class EventsResource extends ApiResource {
  get(target: { get(name: string): string | null } & object) {
    return this.answer(() =>
      uncachedErrors(async () => {
        const id = idOf(target);
        if (!id) checkQuery(EventListQuery, target); // types and ranges; parseListQuery reads dates and words
        const answer = id ? await eventPage(id) : await eventListing(parseListQuery(target));
        if (!answer) throw notFound('event');
        return send(answer, this.context().headers);
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
      const event = await patchEvent(id, checkBody(EventPatch, this.body(data)));
      return reply(200, await eventDetail(event));
    });
  }
}

export class SeatMapResource extends ApiResource {
  get(target: { get(name: string): string | null } & object) {
    return this.answer(() =>
      uncachedErrors(async () => {
        const id = idOf(target);
        const answer = id ? await preparedSeatMap(id, target.get('section') || undefined) : undefined;
        if (!answer) throw notFound('event');
        return send(answer, this.context().headers);
      }),
    );
  }
}
