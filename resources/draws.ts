// GET /draws/{eventId} (anyone): the pre-queue draw's commitment, then its
// seed and drawn order, for scripts/verify-draw.mjs or anyone to check.
import { notFound } from '../lib/errors.js';
import { getEvent } from '../catalog/events.js';
import { intParam } from '../catalog/listQuery.js';
import { drawView } from '../queue/drawResults.js';
import { DRAW_PAGE } from '../lib/records/draw.js';
import { ApiResource, idOf } from './http/apiResource.js';
import { reply } from './http/reply.js';

export class DrawsResource extends ApiResource {
  get(target: { get(name: string): string | null } & object) {
    return this.answer(async () => {
      const id = idOf(target);
      const event = id ? await getEvent(id) : undefined;
      if (!event) throw notFound('event');
      const param = (name: string) => target.get(name) ?? undefined;
      const limit = intParam(param('limit'), 'limit', 0, DRAW_PAGE, DRAW_PAGE);
      const offset = intParam(param('offset'), 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
      const view = await drawView(event, offset, limit);
      // a drawn order never changes; the commitment stands until then
      return reply(200, view, { 'Cache-Control': view.drawnAt ? 'public, max-age=3600' : 'public, max-age=1' });
    });
  }
}
