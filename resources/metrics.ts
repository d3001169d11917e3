// GET /metrics (organizers): the node's figures in Prometheus's text format,
// summed over every worker thread (lib/metrics.ts), with each on-sale's line
// and checkout as gauges, for the events this node owns.
import { metricsText } from '../lib/metrics.js';
import { ownedRoomFigures } from '../queue/gate.js';
import { ApiResource } from './http/apiResource.js';

export class MetricsResource extends ApiResource {
  get() {
    return this.answer(async () => {
      this.requireOrganizer();
      const rooms = await ownedRoomFigures();
      const text = metricsText([
        {
          name: 'ticketing_queue_waiting',
          help: 'Fans waiting in line, by event',
          samples: rooms.map((room) => ({ labels: [['event', room.eventId]], value: room.waiting })),
        },
        {
          name: 'ticketing_checkout_active',
          help: 'Fans in checkout, by event',
          samples: rooms.map((room) => ({ labels: [['event', room.eventId]], value: room.active })),
        },
      ]);
      return {
        status: 200,
        headers: { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' },
        body: Buffer.from(text),
      };
    });
  }
}
