// POST /waitlist/, GET and DELETE /waitlist/{waitlistId} (API.md).
import { badRequest, notFound } from '../lib/errors.js';
import { joinWaitlist, leaveWaitlist, readEntry } from '../checkout/waitlist.js';
import { WaitlistJoin } from '../lib/wire/checkout.js';
import { ApiResource, idOf, stringField } from './http/apiResource.js';
import { eventOfId } from '../lib/records/ids.js';
import { reply } from './http/reply.js';
import { checkBody } from './http/validate.js';

export class WaitlistResource extends ApiResource {
  post(target: object, data: unknown) {
    return this.answer(async () => {
      if (idOf(target)) throw badRequest('POST to /waitlist/ without an id.');
      const body = this.body(data);
      return this.atOwner(stringField(body, 'eventId'), body, async () => reply(201, await joinWaitlist(checkBody(WaitlistJoin, body))));
    });
  }

  get(target: object) {
    return this.answer(async () => {
      const id = idOf(target);
      if (!id) throw notFound('waitlist entry');
      return this.atOwner(eventOfId(id), undefined, async () => reply(200, await readEntry(id)));
    });
  }

  delete(target: object) {
    return this.answer(async () => {
      const id = idOf(target);
      if (!id) throw notFound('waitlist entry');
      return this.atOwner(eventOfId(id), undefined, async () => {
        await leaveWaitlist(id);
        return reply(204);
      });
    });
  }
}
