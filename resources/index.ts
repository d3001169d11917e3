// The application's HTTP surface: each export is a path (API.md). Background
// jobs that must run once per process start on worker thread 0.
import { server, logger, onHttp } from '../lib/harper.js';
import { guard } from './http/guard.js';
import { answerClientErrors } from './http/clientErrors.js';
import { startHoldSweeper } from '../checkout/holdExpiry.js';
import { watchSeatChanges } from '../catalog/inventory.js';
import { startAdmissionTicker } from '../queue/admission.js';
import { startGateHistory } from '../queue/gateHistory.js';
import { seedDemoData } from '../catalog/demoData.js';
import { EventsResource, SeatMapResource, VenuesResource } from './catalog.js';
import { HoldsResource, OrdersResource, QueueResource } from './checkout.js';
import { GateResource } from './gate.js';
import { DrawsResource } from './draws.js';
import { ClusterResource } from './cluster.js';
import { WaitlistResource } from './waitlist.js';
import { MetricsResource } from './metrics.js';
import { AvailabilityTopic, NotificationsTopic } from './topics.js';
import { startSeatWatch } from '../checkout/seatWatch.js';
import { startOversellCheck } from '../checkout/oversellCheck.js';
import { benchBusy, benchConstant, benchProfile, benchWrite } from './benchOnly.js';
import { OpenApiResource } from './openapi/document.js';
import { skewTestClock } from '../lib/testClock.js';
import { registerThisNode } from '../lib/clusterNodes.js';
import { closeWildcardListeners } from '../lib/strayListeners.js';
import { deepenAcceptQueues } from '../lib/acceptQueue.js';

export const venues = VenuesResource;
export const events = EventsResource;
export const seatmap = SeatMapResource;
export const queue = QueueResource;
export const holds = HoldsResource;
export const orders = OrdersResource;
export const gate = GateResource;
export const draws = DrawsResource;
export const cluster = ClusterResource;
export const waitlist = WaitlistResource;
export const metrics = MetricsResource;
export const notifications = NotificationsTopic;
export const availability = AvailabilityTopic;
// GET /openapi.json, public (Harper keeps GET /openapi, its own, for super users)
export { OpenApiResource as 'openapi.json' };

// Benchmark only (resources/benchOnly.ts): undefined unless a benchmark asks for them.
export const bench_constant = benchConstant;
export const bench_write = benchWrite;
export const bench_profile = benchProfile;
export const bench_busy = benchBusy;

onHttp(guard, { runFirst: true });
// Harper opens its servers as its threads start: they are looked for again for a while
for (const delay of [0, 1000, 5000, 15_000]) {
  setTimeout(() => {
    answerClientErrors();
    deepenAcceptQueues();
    if (process.env.TICKETING_LOOPBACK_ONLY !== '1') return;
    const closed = closeWildcardListeners();
    if (closed) logger.info(`closed ${closed} listener(s) Harper opened on every interface`);
  }, delay).unref();
}
skewTestClock(server.workerIndex);
watchSeatChanges().catch((error) => logger.error('seat watch failed to start', error));
if (server.workerIndex === 0) {
  registerThisNode().catch((error) => logger.error('cluster node registration failed', error));
  startHoldSweeper();
  startOversellCheck();
  startSeatWatch().catch((error) => logger.error('seat watch failed to start', error));
  startAdmissionTicker().catch((error) => logger.error('admission ticker failed to start', error));
  startGateHistory();
}
// Harper lets a thread serve only once this module has loaded: every thread
// waits for the demo data, so the first answer shows all of it.
if (process.env.TICKETING_DEMO_DATA !== '0') {
  await seedDemoData().catch((error) => logger.error('demo data failed', error));
}
