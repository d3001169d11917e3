// The on-sale in real browsers: a fan waiting behind a checkout cap of 1 sees
// the line move and is admitted live; the organizer raises the cap from the
// dashboard and a waiting fan is let in; a sold-out event's waitlist gets an
// offer live when an order is cancelled elsewhere, and the fan buys it.
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

/** An API fan holds `count` best seats with an admitted ticket and buys them. */
async function buy(ticket: { token: string }, section: string, quantity: number, key: string) {
  const hold = await api.hold(ticket.token, { section, quantity });
  expect(hold.status).toBe(201);
  const order = await api.order(hold.body.holdId, key);
  expect(order.status).toBe(201);
  return order.body;
}

async function waitingTicket(eventId: string) {
  const joined = await api.post('/queue/', { eventId });
  expect([200, 201]).toContain(joined.status);
  return joined.body;
}

const onSeatChoice = (page: Page) => page.locator('h2', { hasText: 'It is your turn' });

async function signIn(page: Page, username = 'admin', password = 'password'): Promise<void> {
  await page.goto('/organizer/');
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe.skipIf(!haveChromium && !process.env.CI)('on-sale', () => {
  it('a queued fan (cap 1) sees the position fall and is admitted live when the fans ahead buy', async () => {
    const event = await api.createEvent({ event: { waitingRoom: { maxActive: 1 } } });
    const first = await api.admitted(event.id);
    const second = await waitingTicket(event.id);
    const fan = await openFan(browser, harper.url);
    const { page } = fan;
    await page.goto(`/#/event/${event.id}/queue`);
    await expect.poll(() => page.getByTestId('queue-position').textContent()).toBe('You are number 2 in line');
    await expect.poll(() => page.getByTestId('queue-ahead').textContent()).toBe('1 person ahead of you');
    await expect.poll(() => liveStatus(page).textContent()).toContain('Live updates on');
    await screenshot(page, 'fan-12-queue');

    await buy(first, 'Main', 2, 'queue-first');
    await api.waitForAdmission(second.ticketId);
    await expect.poll(() => page.getByTestId('queue-position').textContent(), { timeout: 5000 }).toBe('You are number 1 in line');
    await expect.poll(() => page.getByTestId('queue-ahead').textContent()).toContain('Nobody is ahead of you');
    await screenshot(page, 'fan-13-queue-next');

    const secondAdmitted = (await api.get(`/queue/${second.ticketId}`)).body;
    await buy(secondAdmitted, 'Main', 2, 'queue-second');
    await expect.poll(() => onSeatChoice(page).count(), { timeout: 5000 }).toBe(1);
    expect(fan.errors).toEqual([]);
    await fan.context.close();
  });

  it('before the sale, a fan in the pre-queue sees the countdown, then gets a place and is admitted when the sale opens', async () => {
    const event = await api.createEvent({ event: { name: 'Early Bird', onSaleAt: new Date(Date.now() + 10_000).toISOString() } });
    const fan = await openFan(browser, harper.url);
    const { page } = fan;
    await page.goto(`/#/event/${event.id}`);
    await expect.poll(() => page.locator('.badge').first().textContent()).toBe('Sale not open yet');
    await page.getByTestId('get-tickets').click();
    await expect.poll(() => page.getByTestId('queue-position').textContent()).toBe('You are in the waiting room');
    await expect.poll(() => page.getByTestId('queue-opens').textContent()).toMatch(/^Places are drawn in 0:(0\d|10)$/); // 10 s away when the event was made
    await screenshot(page, 'fan-11b-pre-queue');
    await expect.poll(() => onSeatChoice(page).count(), { timeout: 20_000 }).toBe(1);
    expect(fan.errors).toEqual([]);
    await fan.context.close();
  });

  it('the organizer raises the checkout cap from the dashboard and the waiting fan is admitted', async () => {
    const event = await api.createEvent({ event: { name: 'Cap Night', waitingRoom: { maxActive: 1 } } });
    await api.admitted(event.id);
    const fan = await openFan(browser, harper.url);
    const organizer = await openFan(browser, harper.url, { height: 1100 });
    await fan.page.goto(`/#/event/${event.id}/queue`);
    await expect.poll(() => fan.page.getByTestId('queue-position').textContent()).toBe('You are number 1 in line');

    const { page } = organizer;
    await signIn(page);
    await page.getByLabel('Event', { exact: true }).selectOption(event.id);
    await expect.poll(() => page.getByTestId('stat-active').textContent()).toBe('1 of 1');
    await expect.poll(() => page.getByTestId('stat-waiting').textContent()).toBe('1');
    await screenshot(page, 'organizer-2-dashboard', true);

    await page.getByLabel('Checkout cap (fans buying at once)').fill('2');
    await page.getByRole('button', { name: 'Apply' }).click();
    const raisedAt = Date.now();
    await expect.poll(() => page.getByTestId('stat-active').textContent(), { timeout: 1500 }).toMatch(/of 2$/);
    await expect.poll(() => fan.page.locator('h2', { hasText: 'It is your turn' }).count(), { timeout: 5000 }).toBe(1);
    await expect.poll(() => page.getByTestId('stat-active').textContent(), { timeout: 2000 }).toBe('2 of 2');
    await expect.poll(() => page.getByTestId('stat-waiting').textContent()).toBe('0');
    expect(Date.now() - raisedAt).toBeLessThan(7000);
    await screenshot(page, 'organizer-3-cap-raised');
    expect(fan.errors).toEqual([]);
    expect(organizer.errors).toEqual([]);
    await fan.context.close();
    await organizer.context.close();
  });

  it('a sold-out event: the fan joins the waitlist, a cancellation elsewhere brings an offer live, and the fan buys it', async () => {
    const event = await api.createEvent({ sections: [{ name: 'Booth', rows: 1, seatsPerRow: 2 }], event: { name: 'Tiny Gig' } });
    const buyer = await api.admitted(event.id);
    const order = await buy(buyer, 'Booth', 2, 'sold-out');
    await expect.poll(async () => (await api.get(`/events/${event.id}`)).body.status).toBe('sold_out');

    const fan = await openFan(browser, harper.url);
    const { page } = fan;
    await page.goto(`/#/event/${event.id}`);
    await expect.poll(() => page.locator('.badge').first().textContent()).toBe('Sold out');
    await page.getByLabel('How many seats').fill('2');
    await screenshot(page, 'fan-14-sold-out');
    await page.getByRole('button', { name: 'Join the waitlist' }).click();
    await expect.poll(() => page.getByTestId('waitlist-position').textContent()).toBe('You are number 1 on the waitlist');
    await expect.poll(() => liveStatus(page).textContent()).toContain('Live updates on');
    await screenshot(page, 'fan-15-waitlist');

    // someone else cancels: the seats are offered to this fan, live
    expect((await api.delete(`/orders/${order.orderId}`)).status).toBe(200);
    await expect.poll(() => page.getByTestId('offer').textContent(), { timeout: 5000 }).toContain('Seats for you');
    await expect.poll(() => page.getByTestId('offer-countdown').textContent()).toMatch(/Offer held for you for \d+:\d\d/);
    await screenshot(page, 'fan-16-offer');
    await page.getByTestId('buy-offer').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Your seats are held');
    await page.getByLabel('Full name').fill('Wen Fan');
    await page.getByLabel('Email').fill('wen@example.com');
    await page.getByRole('button', { name: /^Buy for/ }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('You have tickets!');
    await screenshot(page, 'fan-17-offer-bought');
    expect(fan.errors).toEqual([]);
    await fan.context.close();
  });
});
