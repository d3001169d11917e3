// GET and PATCH /gate/{eventId}: the organizer's live view and controls.
import { notFound } from '../lib/errors.js';
import { gateView, patchGate } from '../queue/gate.js';
import { GatePatch } from '../lib/wire/organizer.js';
import { ApiResource, idOf } from './http/apiResource.js';
import { reply } from './http/reply.js';
import { checkBody } from './http/validate.js';

export class GateResource extends ApiResource {
  get(target: object) {
    return this.answer(async () => {
      this.requireOrganizer();
      const id = idOf(target);
      if (!id) throw notFound('event');
      return this.atOwner(id, undefined, async () => reply(200, await gateView(id), { 'Cache-Control': 'no-store' }));
    });
  }

  patch(target: object, data: unknown) {
    return this.answer(async () => {
      this.requireOrganizer();
      const id = idOf(target);
      if (!id) throw notFound('event');
      const body = this.body(data);
      return this.atOwner(id, body, async () => reply(200, await patchGate(id, checkBody(GatePatch, body), this.organizerName())));
    });
  }
}
