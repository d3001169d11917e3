// The admission ticker: the only code that lets fans in, and the one that
// draws the pre-queue's order when the sale opens. It runs on worker thread 0
// (Harper restarts a lost thread as worker 0 and the ticker resumes from the
// tables), so the count of live slots and the decision to admit have one
// owner and the cap cannot be overshot by two threads admitting at once. It
// wakes when any thread tells of joins or endings (queueChanges.ts), and at
// least every TICK_MS.
import { found, tables } from '../lib/tables.js';
import { logger, transaction } from '../lib/harper.js';
import { CoalescingJob } from '../lib/coalescingJob.js';
import { getEvent } from '../catalog/events.js';
import { ownedHere } from '../catalog/owners.js';
import { anyAvailableNow, inventory, soldOutNow } from '../catalog/inventory.js';
import type { EventRecord } from '../lib/records/event.js';
import { lockKey } from '../lib/locks.js';
import { ownedChange } from '../catalog/ownership.js';
import { signAdmission } from './tokens.js';
import { AdmissionBudget, LATE_BASE, measuredRate, waitingIn } from './line.js';
import { lastLatePlace } from './latePlaces.js';
import { placeInLine } from './placing.js';
import { LineHoles } from './lineHoles.js';
import type { GateStats } from '../lib/records/gateStats.js';
import { LiveSlots } from './liveSlots.js';
import { eventsWithUnplaced } from './strayJoins.js';
import { endSomeTickets } from './closingLine.js';
import { earliestUnplaced, eventsWithLiveTickets, lineFrom, placesFrom, unplacedIds } from './lineReads.js';
import { rebuiltStats } from './gateRebuild.js';
import { RECENT } from './admissionFigures.js';
import { recordPass } from './tickTimes.js';
import type { EndReason, TicketRecord } from '../lib/records/ticket.js';
import { endTicket, watchQueueChanges, type Ending } from './queueChanges.js';
import { notifier } from '../realtime/notifier.js';
import { journal } from '../lib/journal.js';

const TICK_MS = 250;
const MIN_GAP_MS = 25;
const STATS_EVERY_MS = 200;
const STRAY_SWEEP_MS = 1000;
const PLACE_BATCH = 500;
/** how many unplaced tickets a pass looks at to find the earliest PLACE_BATCH */
const PLACE_SCAN = 5000;
/** batches of 500 tickets a pass ends when the event sells out */
const SOLD_OUT_BATCHES = 10;
/** seats left in the snapshot under which admission asks the table itself */
const FRESH_CHECK_BELOW = 50;

interface Room {
  stats: GateStats;
  budget: AdmissionBudget;
  statsWrittenAt: number;
  dirty: boolean;
  slots: LiveSlots;
  holes: LineHoles;
  /** admitted tickets whose ending the figures counted when the room was set up: their message must not count again */
  counted: Set<string>;
}

const rooms = new Map<string, Room>();
/** slot and line endings seen since the last tick, by event */
const endings = new Map<string, Ending[]>();

function endingsOf(eventId: string): Ending[] {
  let list = endings.get(eventId);
  if (!list) endings.set(eventId, (list = []));
  return list;
}
const open = new Set<string>();
// a tick now, or right after the current one; never more often than MIN_GAP_MS, so bursts batch up
const ticker = new CoalescingJob('admission tick', tickAll, { minGapMs: MIN_GAP_MS });
const wake = () => ticker.request();

export async function startAdmissionTicker(): Promise<void> {
  await watchQueueChanges({
    joined(eventId) {
      open.add(eventId);
      wake();
    },
    ended(eventId, ending) {
      open.add(eventId);
      endingsOf(eventId).push(ending);
      wake();
    },
  });
  // listening before this read: a join told meanwhile is not missed
  for (const eventId of eventsWithLiveTickets()) open.add(eventId);
  setInterval(wake, TICK_MS).unref();
  setInterval(() => {
    eventsWithUnplaced()
      .then((ids) => {
        for (const id of ids) open.add(id);
        if (ids.length) wake();
      })
      .catch((error) => logger.warn('unplaced sweep failed', error));
  }, STRAY_SWEEP_MS).unref();
  wake();
}

async function room(eventId: string): Promise<Room> {
  let found = rooms.get(eventId);
  if (!found) {
    const { stats, counted } = await rebuiltStats(eventId);
    found = rooms.get(eventId) ?? {
      stats,
      counted,
      budget: new AdmissionBudget(Date.now()),
      statsWrittenAt: 0,
      dirty: true,
      slots: new LiveSlots(),
      holes: new LineHoles(),
    };
    rooms.set(eventId, found);
  }
  return found;
}

async function tickAll(): Promise<void> {
  const started = performance.now();
  tables.QueueTicket.primaryStore.resetReadTxn(); // see every thread's latest commit
  try {
    for (const eventId of [...open]) {
      const event = await getEvent(eventId);
      // another node's event: its owner admits (joins and endings are heard from every node)
      const busy = event && ownedHere(event) ? await tickRoom(event, await room(eventId)) : false;
      // an ending that arrived during the tick keeps the event for the next one
      if (!busy && !endings.get(eventId)?.length) open.delete(eventId);
    }
  } finally {
    recordPass(performance.now() - started);
  }
}

async function tickRoom(event: EventRecord, room: Room): Promise<boolean> {
  try {
    return await tick(event, room);
  } catch (error) {
    room.slots.recount();
    throw error;
  }
}

/** One pass over an event's room; false when nobody waits or holds a slot. */
async function tick(event: EventRecord, room: Room): Promise<boolean> {
  if (event.cancelled) return closeRoom(event, room);
  const now = Date.now();
  countEndings(room);
  await fillHoles(event, room, now);

  const sale = Date.parse(event.onSaleAt);
  const stock = (await inventory(event.id)).totals;
  // sold out: nobody still waiting can buy, so each is told at once and pointed to the waitlist
  if (now >= sale && room.stats.waiting > 0 && stock.available === 0 && stock.held === 0 && (await soldOutNow(event.id))) {
    // up to SOLD_OUT_BATCHES batches a pass: a long line hears within a few passes, and the pass stays short
    for (let batch = 0; batch < SOLD_OUT_BATCHES && (await endSomeTickets(event.id, 'sold_out')) > 0; batch++);
  }
  // before the sale only the pre-queue's size counts; the draw takes every entry; then a batch a tick
  const drawDue = now >= sale && !room.stats.shuffledAt;
  const unplaced = now < sale || drawDue ? unplacedIds(event.id) : earliestUnplaced(event.id, PLACE_BATCH, PLACE_SCAN);
  // fans placed: their positions are published with the next figures, at once
  const placed = now >= sale && (unplaced.length > 0 || drawDue);
  if (placed) {
    room.stats = await placeInLine(event, room.stats, unplaced);
    room.dirty = true;
  }
  const { stats } = room;
  const live = await room.slots.count(event.id, event.waitingRoom.checkoutIdleSeconds * 1000, now, endSlots);

  const room_open = !event.cancelled && now >= sale && now < Date.parse(event.startsAt) && !event.waitingRoom.paused;
  // with every seat held or sold, a turn would be empty: nobody is let in until seats come back
  const free = room_open && (await seatsLeft(event.id, stock.available)) ? Math.max(0, event.waitingRoom.maxActive - live) : 0;
  const wanted = free > 0 ? await lineFrom(event.id, 1, free) : [];
  const admitted = wanted.length
    ? await admit(event, room.slots, wanted.slice(0, room.budget.take(wanted.length, event.waitingRoom.admitPerMinute, now)))
    : [];
  if (!room_open || free === 0) room.budget.take(0, event.waitingRoom.admitPerMinute, now); // no saving up while closed

  const head = (await lineFrom(event.id, 1, 1))[0];
  const lateEnd = await lastLatePlace(event);
  // with nobody waiting, the head is where the next fan will stand
  const headPlace = head?.place ?? (lateEnd > LATE_BASE ? lateEnd + 1 : stats.lastPlace + 1);
  // while the head is in the pre-queue, late positions count from the first late fan still waiting
  const lateHead = headPlace > LATE_BASE ? headPlace : ((await lineFrom(event.id, LATE_BASE + 1, 1))[0]?.place ?? lateEnd + 1);
  const line = { ...stats, headPlace, lateHead, leftPlaces: stats.leftPlaces.filter((p) => p > headPlace) };
  const recentAdmissions = [...stats.recentAdmissions, ...admitted.map(() => now)].slice(-RECENT);
  const next: GateStats = {
    ...line,
    waiting: waitingIn(line, lateEnd) + (now >= sale ? 0 : unplaced.length),
    active: live + admitted.length,
    admittedTotal: stats.admittedTotal + admitted.length,
    recentAdmissions,
    admitRate: measuredRate(recentAdmissions, event.waitingRoom.admitPerMinute, now),
    prequeueSize: now >= sale ? stats.prequeueSize : unplaced.length,
  };
  room.dirty ||= JSON.stringify({ ...next, updatedAt: 0 }) !== JSON.stringify({ ...stats, updatedAt: 0 });
  room.stats = next;
  if (room.dirty && (placed || now - room.statsWrittenAt >= STATS_EVERY_MS)) await writeStats(room, now);
  return live + admitted.length > 0 || next.waiting > 0 || unplaced.length > 0 || room.dirty;
}

/**
 * Whether any seat is available. The thread's snapshot hears of seat changes
 * a moment after they commit: with few seats left, a hold made just before a
 * join could still look available, so the table itself is asked.
 */
async function seatsLeft(eventId: string, inSnapshot: number): Promise<boolean> {
  if (inSnapshot === 0) return false;
  return inSnapshot > FRESH_CHECK_BELOW || anyAvailableNow(eventId);
}

/** A cancelled event: its fans are let go a batch a tick (closingLine.ts); false once none is left. */
async function closeRoom(event: EventRecord, room: Room): Promise<boolean> {
  countEndings(room);
  if (await endSomeTickets(event.id, 'cancelled')) return true;
  if (room.stats.waiting || room.stats.active) {
    room.stats = { ...room.stats, waiting: 0, active: 0 };
    room.dirty = true;
  }
  if (room.dirty) await writeStats(room, Date.now());
  return false;
}

/** Counts empty places in the line as left (lineHoles.ts), a chunk of the line at a time. */
async function fillHoles(event: EventRecord, room: Room, now: number): Promise<void> {
  const from = room.holes.due(now);
  if (from === null) return;
  const ends = { lastPlace: room.stats.lastPlace, lateEnd: await lastLatePlace(event) };
  const waiting = placesFrom(event.id, from, LineHoles.CHUNK);
  const holes = room.holes.check(waiting, room.stats.leftPlaces, ends, now);
  if (holes.length) room.stats = { ...room.stats, leftPlaces: withPlaces(room.stats.leftPlaces, holes) };
}

/** Left places with more added, sorted, each once (a hole's late ending must not count twice). */
function withPlaces(places: number[], more: number[]): number[] {
  return [...new Set([...places, ...more])].sort((a, b) => a - b);
}

/** Completed and abandoned checkouts, and fans who left the line, as seen since the last tick. */
function countEndings(room: Room): void {
  const stats = { ...room.stats };
  for (const ending of endingsOf(stats.id).splice(0)) {
    room.slots.ended(ending.ticketId);
    if (ending.endReason === 'cancelled') continue; // the room is closing: no figure describes the line any more
    if (room.counted.delete(ending.ticketId)) continue;
    if (ending.admittedAt) {
      if (ending.endReason === 'completed') {
        stats.completed++;
        stats.checkoutSeconds = [...stats.checkoutSeconds, (ending.endedAt - ending.admittedAt) / 1000].slice(-RECENT);
      } else stats.abandoned++;
      if (ending.endReason !== 'completed' && ending.endReason !== 'left') notifier.expired(ending.ticketId);
    } else if (ending.place !== null) {
      stats.leftPlaces = withPlaces(stats.leftPlaces, [ending.place]);
    }
  }
  stats.medianCheckoutSeconds = median(stats.checkoutSeconds);
  room.stats = stats;
}

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return Math.round((sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2) * 10) / 10;
}

/** Ends the checkout slots of these tickets, all of one event. */
async function endSlots(tickets: TicketRecord[], reason: EndReason): Promise<void> {
  if (!tickets.length) return;
  await ownedChange(
    tickets[0].eventId,
    tickets.map((t) => lockKey.ticket(t.id)),
    async (ctx) => {
      const now = Date.now();
      for (const { id } of tickets) {
        const ticket = found(await tables.QueueTicket.get(id, ctx), 'queue ticket');
        if (ticket.state === 'admitted') await endTicket(ticket, 'expired', reason, now, ctx);
      }
    },
  );
}

const ADMIT_BATCH = 100;

/** Admits in batches, so the first fans hear of it while later ones are still being written. */
async function admit(event: EventRecord, slots: LiveSlots, tickets: TicketRecord[]): Promise<TicketRecord[]> {
  const admitted: TicketRecord[] = [];
  for (let i = 0; i < tickets.length; i += ADMIT_BATCH)
    admitted.push(...(await admitBatch(event, slots, tickets.slice(i, i + ADMIT_BATCH))));
  return admitted;
}

async function admitBatch(event: EventRecord, slots: LiveSlots, tickets: TicketRecord[]): Promise<TicketRecord[]> {
  // whole seconds (the token's expiry claim has no finer grain), rounded up:
  // rounded down, a 1-second token could expire the moment it was issued
  const tokenExpiresAt = Math.ceil(Date.now() / 1000) * 1000 + event.waitingRoom.tokenSeconds * 1000;
  const tokens = await Promise.all(tickets.map((t) => signAdmission({ eventId: event.id, ticketId: t.id, expiresAt: tokenExpiresAt })));
  const admitted: TicketRecord[] = [];
  await ownedChange(
    event.id,
    tickets.map((t) => lockKey.ticket(t.id)),
    async (ctx) => {
      const now = Date.now();
      for (const [i, { id }] of tickets.entries()) {
        const ticket = found(await tables.QueueTicket.get(id, ctx), 'queue ticket');
        if (ticket.state !== 'waiting') continue; // left while we decided
        const record: TicketRecord = {
          ...ticket,
          state: 'admitted',
          admittedAt: now,
          token: tokens[i],
          tokenExpiresAt,
          lastSeenAt: now,
          slotEventId: event.id,
          admittedIn: event.id,
          waitKey: null,
        };
        await tables.QueueTicket.put(record, ctx);
        admitted.push(record);
      }
    },
  );
  // counted as soon as committed: a later batch that fails must not leave these slots uncounted
  slots.admitted(admitted);
  journal.admitted(
    event.id,
    admitted.map((t) => t.id),
  );
  for (const ticket of admitted)
    notifier.admitted(ticket.id, ticket.token as string, ticket.tokenExpiresAt as number, ticket.admittedAt as number);
  return admitted;
}

async function writeStats(room: Room, now: number): Promise<void> {
  room.stats = { ...room.stats, updatedAt: now };
  const ctx = {};
  await transaction(ctx, () => tables.GateStats.put(room.stats, ctx)); // the ticker is its only writer
  room.statsWrittenAt = now;
  room.dirty = false;
}
