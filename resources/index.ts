// The application's HTTP surface: each export is a path (API.md). Background
// jobs that must run once per process start on worker thread 0.
import { server, logger, Resource } from '../lib/harper.js';
import { startHoldSweeper } from '../checkout/holdExpiry.js';
import { watchSeatChanges } from '../checkout/inventory.js';
import { startAdmissionTicker } from '../queue/admission.js';
import { seedDemoData } from '../catalog/demoData.js';
import { EventsResource, SeatMapResource, VenuesResource } from './catalog.js';
import { HoldsResource, OrdersResource, QueueResource } from './checkout.js';
import { GateResource } from './gate.js';
import { WaitlistResource } from './waitlist.js';
import { AvailabilityTopic, NotificationsTopic } from './topics.js';
import { startSeatWatch } from '../realtime/seatWatch.js';

export const venues = VenuesResource;
export const events = EventsResource;
export const seatmap = SeatMapResource;
export const queue = QueueResource;
export const holds = HoldsResource;
export const orders = OrdersResource;
export const gate = GateResource;
export const waitlist = WaitlistResource;
export const notifications = NotificationsTopic;
export const availability = AvailabilityTopic;

// Benchmark only, not part of the API: bench/browse.ts sets TICKETING_BENCH_CONSTANT=1
// to measure Harper's own cost of a GET (a constant answer) next to the browse calls.
class BenchConstantResource extends Resource {
  static loadAsInstance = false;
  get() {
    return { status: 200, headers: {}, data: { ok: true } };
  }
}
export const bench_constant = process.env.TICKETING_BENCH_CONSTANT === '1' ? BenchConstantResource : undefined;

watchSeatChanges().catch((error) => logger.error('seat watch failed to start', error));
if (server.workerIndex === 0) {
  startHoldSweeper();
  startSeatWatch().catch((error) => logger.error('seat watch failed to start', error));
  startAdmissionTicker().catch((error) => logger.error('admission ticker failed to start', error));
  if (process.env.TICKETING_DEMO_DATA !== '0') {
    seedDemoData().catch((error) => logger.error('demo data failed', error));
  }
}
