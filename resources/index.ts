// The application's HTTP surface: each export is a path (API.md). Background
// jobs that must run once per process start on worker thread 0.
import { server, logger } from '../lib/harper.js';
import { startHoldSweeper } from '../checkout/holdExpiry.js';
import { startAdmissionTicker } from '../queue/admission.js';
import { seedDemoData } from '../catalog/demoData.js';
import { EventsResource, SeatMapResource, VenuesResource } from './catalog.js';
import { HoldsResource, OrdersResource, QueueResource } from './checkout.js';

export const venues = VenuesResource;
export const events = EventsResource;
export const seatmap = SeatMapResource;
export const queue = QueueResource;
export const holds = HoldsResource;
export const orders = OrdersResource;

if (server.workerIndex === 0) {
  startHoldSweeper();
  startAdmissionTicker().catch((error) => logger.error('admission ticker failed to start', error));
  if (process.env.TICKETING_DEMO_DATA !== '0') {
    seedDemoData().catch((error) => logger.error('demo data failed', error));
  }
}
