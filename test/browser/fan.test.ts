// The fan page in a real browser against a real Harper with the app: browse
// to a confirmed order while a second browser watches the seats turn sold,
// cancelling from the order page, the errors a fan can act on, a phone-sized
// screen with the keyboard, and recovery after a dropped live connection.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Harper } from '../harness.js';
import type { Api } from '../client.js';
import { browserSuite, haveChromium, liveStatus, openFan, screenshot } from './browser.js';

let harper: Harper;
let api: Api;
let browser: Browser;
const suite = browserSuite();
beforeAll(() => void ({ harper, api, browser } = suite));

const seat = (page: Page, id: string) => page.locator(`[data-seat-id="${id}"]`);

/** Opens the queue for an event and waits until the page has moved on to seat choice. */
async function admittedToSeats(page: Page, eventId: string): Promise<void> {
  await page.goto(`/#/event/${eventId}`);
  await page.getByTestId('get-tickets').click();
  await expect.poll(() => page.locator('h2', { hasText: 'It is your turn' }).count(), { timeout: 15_000 }).toBe(1);
}

describe.skipIf(!haveChromium && !process.env.CI)('fan page', () => {
  it('goes from browse to a confirmed order through a proof-of-work waiting room; a second browser sees the seats turn sold without reloading; the order is cancelled from its page', async () => {
    const event = await api.createEvent({
      sections: [
        { name: 'Floor', rows: 4, seatsPerRow: 10 },
        { name: 'Balcony', rows: 2, seatsPerRow: 8 },
      ],
      event: {
        name: 'Browser Comedy Night',
        category: 'comedy',
        performers: ['The Testers'],
        description: 'An evening of tests.',
        // the page solves it in a worker while the fan reads the event
        waitingRoom: { challenge: 'proof_of_work' },
      },
    });
    const chosen = [`${event.id}:0-2-5`, `${event.id}:0-2-6`];
    const fan = await openFan(browser, harper.url);
    const watcher = await openFan(browser, harper.url);
    const { page } = fan;

    // browse with filters
    await page.goto('/');
    await expect.poll(() => page.locator('.event-card').count()).toBeGreaterThan(0);
    await page.getByLabel('Search').fill('Testers');
    await page.getByLabel('Category').selectOption('comedy');
    await page.getByRole('button', { name: 'Find events' }).click();
    await expect.poll(() => page.locator('.event-card').count()).toBe(1);
    await expect.poll(() => page.locator('.count').textContent()).toContain('of 1 events');
    await screenshot(page, 'fan-1-browse');
    await page.getByRole('link', { name: 'Browser Comedy Night' }).click();

    // event page with the seat map and prices
    await expect.poll(() => page.locator('[data-seat-id]').count()).toBe(56);
    await expect.poll(() => page.locator('table.prices').textContent()).toContain('$50.00');
    await screenshot(page, 'fan-2-event', true);

    // the second browser watches the same seat map, never reloaded
    await watcher.page.goto(`/#/event/${event.id}`);
    await expect.poll(() => seat(watcher.page, chosen[0]).getAttribute('data-status')).toBe('available');
    await watcher.page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    // queue → admitted → seat choice by clicking seats
    await page.getByTestId('get-tickets').click();
    await expect.poll(() => page.locator('h2', { hasText: 'It is your turn' }).count(), { timeout: 15_000 }).toBe(1);
    for (const id of chosen) await seat(page, id).click();
    await expect.poll(() => page.getByTestId('selection').textContent()).toContain('Floor, row 2, seat 5');
    expect(await seat(page, chosen[0]).getAttribute('aria-pressed')).toBe('true');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'fan-3-seats');
    await page.getByRole('button', { name: 'Hold 2 seats' }).click();

    // hold with its countdown, then checkout
    await expect.poll(() => page.locator('h1').textContent()).toBe('Your seats are held');
    await expect.poll(() => page.getByTestId('hold-countdown').textContent()).toMatch(/Held for you for [45]:\d\d/);
    await expect.poll(() => seat(watcher.page, chosen[0]).getAttribute('data-status'), { timeout: 10_000 }).toBe('held');
    await page.getByLabel('Full name').fill('Ada Fan');
    await page.getByLabel('Email').fill('ada@example.com');
    await screenshot(page, 'fan-4-checkout');
    await page.getByRole('button', { name: /^Buy for/ }).click();

    // confirmation with the order id
    await expect.poll(() => page.locator('h1').textContent()).toBe('You have tickets!');
    const orderId = (await page.getByTestId('order-id').textContent()) ?? '';
    expect(orderId).toMatch(/\S{6,}/);
    expect((await api.get(`/orders/${orderId}`)).body.status).toBe('confirmed');
    await screenshot(page, 'fan-5-confirmation');

    // the watcher saw them sold, live, without a reload
    for (const id of chosen) await expect.poll(() => seat(watcher.page, id).getAttribute('data-status'), { timeout: 10_000 }).toBe('sold');
    expect(await watcher.page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await screenshot(watcher.page, 'fan-6-watcher-sees-sold', true);

    // cancel from the order page (a fresh visit to its address)
    await page.goto(`/#/order/${orderId}`);
    await page.getByRole('button', { name: 'Cancel this order' }).click();
    await page.getByRole('button', { name: 'Yes, cancel my order' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Order cancelled');
    expect((await api.get(`/orders/${orderId}`)).body.status).toBe('cancelled');
    await screenshot(page, 'fan-7-order-cancelled');
    await expect.poll(() => seat(watcher.page, chosen[0]).getAttribute('data-status'), { timeout: 10_000 }).toBe('available');

    expect(fan.errors).toEqual([]);
    expect(watcher.errors).toEqual([]);
    await fan.context.close();
    await watcher.context.close();
  });

  it('explains a seat someone just took, and a declined payment, in plain words', async () => {
    const event = await api.createEvent({ sections: [{ name: 'Floor', rows: 3, seatsPerRow: 8 }] });
    const fan = await openFan(browser, harper.url);
    const { page } = fan;
    await admittedToSeats(page, event.id);
    const contested = `${event.id}:0-1-4`;
    await seat(page, contested).click();

    // someone else holds the seat while this page has not heard of it yet
    await page.route('**/seatmap/**', (route) => route.abort());
    const rival = await api.admitted(event.id);
    expect((await api.hold(rival.token, { seatIds: [contested] })).status).toBe(201);
    await page.waitForTimeout(600);
    await page.unroute('**/seatmap/**');
    await page.getByRole('button', { name: 'Hold 1 seat' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('someone else just took Floor, row 1, seat 4');
    expect(await alert.textContent()).not.toMatch(/\b409\b|seats_unavailable/);
    await expect.poll(() => seat(page, contested).getAttribute('data-status')).toBe('held');
    await screenshot(page, 'fan-8-seat-just-taken');

    // best available instead, then a declined card
    await page.getByLabel('How many').fill('2');
    await page.getByRole('button', { name: 'Hold the best seats' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Your seats are held');
    await page.getByLabel('Full name').fill('Bo Fan');
    await page.getByLabel('Email').fill('bo@example.com');
    await page.getByLabel('Payment').selectOption('tok_decline');
    await page.getByRole('button', { name: /^Buy for/ }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('payment was declined');
    await screenshot(page, 'fan-9-payment-declined');

    // the seats are still held: the approved card buys them (a new body, so a new Idempotency-Key)
    await page.getByLabel('Payment').selectOption('tok_visa');
    await page.getByRole('button', { name: /^Buy for/ }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('You have tickets!');
    expect(fan.errors).toEqual([]);
    await fan.context.close();
  });

  it('tells the fan when the hold and the turn run out, and offers the way back', async () => {
    const event = await api.createEvent({ event: { holdSeconds: 3, waitingRoom: { tokenSeconds: 8 } } });
    const fan = await openFan(browser, harper.url);
    const { page } = fan;
    await admittedToSeats(page, event.id);
    await page.getByLabel('How many').fill('1');
    await page.getByRole('button', { name: 'Hold the best seats' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Your seats are held');
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 8000 }).toContain('Your hold ran out');
    expect(await page.getByRole('button', { name: /^Buy for/ }).isDisabled()).toBe(true);
    await screenshot(page, 'fan-10-hold-expired');

    // back to seat choice; the turn (8 s) runs out too
    await page.getByRole('link', { name: 'Choose seats again' }).first().click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 12_000 }).toContain('Your turn to buy has ended');
    await screenshot(page, 'fan-11-turn-ended');
    await page.getByRole('button', { name: 'Join the queue again' }).first().click();
    await expect.poll(() => page.locator('h2', { hasText: 'It is your turn' }).count(), { timeout: 15_000 }).toBe(1);
    expect(fan.errors).toEqual([]);
    await fan.context.close();
  });

  it('tells the fan, with no action on their part, when the gate ends an idle turn', async (ctx) => {
    const event = await api.createEvent({ event: { waitingRoom: { checkoutIdleSeconds: 3 } } });
    const fan = await openFan(browser, harper.url);
    const { page } = fan;
    await admittedToSeats(page, event.id);
    await expect.poll(() => liveStatus(page).textContent()).toContain('Live updates on');
    const started = Date.now();
    // nothing held and no sign of life for 3 s: the ticker ends the slot. The page hears it from an
    // `expired` message, or at the latest from its 30 s re-read of the ticket.
    await expect.poll(() => page.getByRole('alert').count(), { timeout: 40_000, interval: 250 }).toBe(1);
    expect(await page.getByRole('alert').textContent()).toContain('Your turn to buy has ended');
    const seconds = Math.round((Date.now() - started) / 1000);
    await ctx.annotate(
      seconds <= 10 ? `shown after ${seconds} s (live message)` : `shown after ${seconds} s (by the page's re-read, no live message)`,
    );
    await screenshot(page, 'fan-11c-idle-turn-ended');
    expect(fan.errors).toEqual([]);
    await fan.context.close();
  }, 60_000);

  it('works on a phone-sized screen and with the keyboard alone', async () => {
    const event = await api.createEvent({ sections: [{ name: 'Floor', rows: 6, seatsPerRow: 30 }], event: { name: 'Phone Night' } });
    const fan = await openFan(browser, harper.url, { phone: true });
    const { page } = fan;
    const noSideScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    const unlabelled = () =>
      page.evaluate(
        () => [...document.querySelectorAll('input, select, textarea')].filter((c) => (c as HTMLInputElement).labels?.length === 0).length,
      );

    await page.goto('/');
    await expect.poll(() => page.locator('.event-card').count()).toBeGreaterThan(0);
    expect(await noSideScroll()).toBe(true);
    expect(await unlabelled()).toBe(0);
    await screenshot(page, 'phone-1-browse', true);

    // keyboard: skip link, then the search field, Enter submits
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    // on a phone the filters are folded: the fold opens from the keyboard too
    await page.locator('.filter-fold > summary').focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Search').focus();
    await page.keyboard.type('Phone');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.event-card').count()).toBe(1);
    await page.getByRole('link', { name: 'Phone Night' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Phone Night');
    expect(await noSideScroll()).toBe(true);
    await screenshot(page, 'phone-2-event');

    await page.getByTestId('get-tickets').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('h2', { hasText: 'It is your turn' }).count(), { timeout: 15_000 }).toBe(1);
    expect(await noSideScroll()).toBe(true);
    expect(await unlabelled()).toBe(0);
    const first = seat(page, `${event.id}:0-1-15`);
    await first.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => first.getAttribute('aria-pressed')).toBe('true');
    expect(await first.getAttribute('aria-label')).toBe('Floor, row 1, seat 15, chosen by you');
    await screenshot(page, 'phone-3-seats');
    await page.getByRole('button', { name: 'Hold 1 seat' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Your seats are held');
    expect(await noSideScroll()).toBe(true);
    await screenshot(page, 'phone-4-hold', true);
    expect(fan.errors).toEqual([]);
    await fan.context.close();
  });

  it('falls back to Server-Sent Events when MQTT over WebSocket cannot connect', async () => {
    const event = await api.createEvent();
    const fan = await openFan(browser, harper.url);
    const { page } = fan;
    // every WebSocket this page opens is closed at once, as a proxy that blocks them would
    await page.routeWebSocket(/.*/, (ws) => ws.close());
    await page.goto(`/#/event/${event.id}`);
    await expect.poll(() => liveStatus(page).textContent(), { timeout: 10_000 }).toContain('Live updates on (SSE)');
    const ticket = await api.admitted(event.id);
    const seatId = `${event.id}:0-2-2`;
    const started = Date.now();
    expect((await api.hold(ticket.token, { seatIds: [seatId] })).status).toBe(201);
    await expect.poll(() => seat(page, seatId).getAttribute('data-status'), { timeout: 3000, interval: 50 }).toBe('held');
    // well inside the 30 s safety poll: the change came over SSE
    expect(Date.now() - started).toBeLessThan(3000);
    await screenshot(page, 'fan-18-sse-fallback');
    expect(fan.errors).toEqual([]);
    await fan.context.close();
  });

  it('reconnects after a dropped live connection and re-reads the seat map over HTTP', async () => {
    const event = await api.createEvent();
    const fan = await openFan(browser, harper.url);
    const { page } = fan;
    await page.goto(`/#/event/${event.id}`);
    await expect.poll(() => liveStatus(page).textContent()).toContain('Live updates on (MQTT)');
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    // cut the socket, and sell a seat while the page cannot hear about it
    await page.evaluate(() => {
      const log: string[] = ((window as unknown as { liveLog: string[] }).liveLog = []);
      const status = document.getElementById('live-status') as HTMLElement;
      new MutationObserver(() => log.push(status.textContent ?? '')).observe(status, {
        childList: true,
        characterData: true,
        subtree: true,
      });
      (window as unknown as { fairTicketing: { dropLive(): void } }).fairTicketing.dropLive();
    });
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { liveLog: string[] }).liveLog.join(' | ')), { interval: 50 })
      .toContain('reconnecting');
    const ticket = await api.admitted(event.id);
    const seatId = `${event.id}:0-3-3`;
    const hold = await api.hold(ticket.token, { seatIds: [seatId] });
    expect((await api.order(hold.body.holdId, 'reconnect-1')).status).toBe(201);

    await expect.poll(() => liveStatus(page).textContent(), { timeout: 10_000 }).toContain('Live updates on');
    await expect.poll(() => seat(page, seatId).getAttribute('data-status'), { timeout: 5000 }).toBe('sold');
    const log = await page.evaluate(() => (window as unknown as { liveLog: string[] }).liveLog);
    expect(log.filter((text, i) => text !== log[i - 1]).slice(-2)).toEqual(['Connection lost — reconnecting…', 'Live updates on (MQTT)']);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(fan.errors).toEqual([]);
    await fan.context.close();
  });
});
