// The on-sale as a picture and the draw a fan can check, in real browsers:
// the organizer's charts fill and move and the forecast and change log show;
// the venue overview turns a section sold out live and zooms to a section
// whose seats a fan holds by keyboard; a waiting fan is told of a sell-out
// and reaches the waitlist; a pre-queue fan is told the place was drawn
// fairly, with the check; on a phone the events come before the filters.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, type Harper } from '../harness.js';
import type { Api } from '../client.js';
import { browserSuite, haveChromium, openFan, screenshot, screenshotOf } from './browser.js';

let harper: Harper;
let api: Api;
let browser: Browser;
const suite = browserSuite();
beforeAll(() => void ({ harper, api, browser } = suite));

async function signIn(page: Page): Promise<void> {
  await page.goto('/organizer/');
  await page.getByLabel('User name').fill('admin');
  await page.getByLabel('Password').fill('password');
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const pause = (eventId: string, paused: boolean) => api.patch(`/gate/${eventId}`, { paused }, { Authorization: ADMIN });

/** A venue whose sections have places on a plan: two side blocks at the front, a wide one behind. */
async function plannedEvent(name: string): Promise<any> {
  const venue = await api.post(
    '/venues/',
    {
      name: `${name} Hall`,
      city: 'Lisbon',
      address: '1 Plan Street',
      sections: [
        { name: 'Left', rows: 2, seatsPerRow: 4, layout: { x: 5, y: 5, width: 40, height: 30 } },
        { name: 'Right', rows: 2, seatsPerRow: 4, layout: { x: 55, y: 5, width: 40, height: 30 } },
        { name: 'Back', rows: 3, seatsPerRow: 6, layout: { x: 10, y: 50, width: 80, height: 40 } },
      ],
    },
    { Authorization: ADMIN },
  );
  expect(venue.status).toBe(201);
  const now = Date.now();
  const event = await api.post(
    '/events/',
    {
      name,
      category: 'music',
      venueId: venue.body.id,
      startsAt: new Date(now + 30 * 86_400_000).toISOString(),
      onSaleAt: new Date(now - 60_000).toISOString(),
      prices: { Left: 9000, Right: 9000, Back: 4000 },
    },
    { Authorization: ADMIN },
  );
  expect(event.status).toBe(201);
  return event.body;
}

describe.skipIf(!haveChromium && !process.env.CI)('the on-sale as a picture', () => {
  it("the dashboard's charts fill and move during a small on-sale, with a forecast and the change log of a cap change", async () => {
    const event = await api.createEvent({ event: { name: 'Chart Night', waitingRoom: { maxActive: 2, admitPerMinute: 60000 } } });
    const fans = await Promise.all(Array.from({ length: 2 }, () => api.admitted(event.id)));
    await Promise.all(Array.from({ length: 4 }, () => api.post('/queue/', { eventId: event.id })));
    const organizer = await openFan(browser, harper.url, { height: 1600 });
    const { page } = organizer;
    await signIn(page);
    await page.getByLabel('Event', { exact: true }).selectOption(event.id);
    await page.getByLabel('Checkout cap (fans buying at once)').fill('3');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect
      .poll(() => page.getByTestId('change-log').locator('tbody tr').first().textContent(), { timeout: 10_000 })
      .toContain('admin');
    const capRow = await page.getByTestId('change-log').locator('tbody tr').first().textContent();
    expect(capRow).toMatch(/adminCheckout cap23/);

    const hold = await api.hold(fans[0].token, { section: 'Main', quantity: 2 });
    await api.order(hold.body.holdId);
    const points = () => page.getByTestId('chart-line').getAttribute('data-points').then(Number);
    await expect.poll(points, { timeout: 12_000, interval: 250 }).toBeGreaterThanOrEqual(2);
    const before = await points();
    await expect.poll(points, { timeout: 7000, interval: 250 }).toBeGreaterThan(before);
    expect(await page.locator('[data-testid="chart-line"] canvas').count()).toBe(1);
    expect(await page.locator('[data-testid="chart-rates"] canvas').count()).toBe(1);
    await expect.poll(() => page.getByTestId('forecast-clears').textContent()).toMatch(/^(~\d+ (s|min)|now)$/);
    expect(await page.getByTestId('chart-summary').textContent()).toMatch(/^Now: \d+ waiting, \d+ of 3 in checkout/);
    expect(await page.getByTestId('history-table').locator('tbody tr').count()).toBeGreaterThan(1);
    await page.getByTestId('chart-line').scrollIntoViewIfNeeded();
    await screenshotOf(page.locator('.charts'), 'organizer-4-charts');
    expect(organizer.errors).toEqual([]);
    await organizer.context.close();
  });

  it('the venue overview turns a section sold out live, and a fan zooms to a section and holds seats by keyboard', async () => {
    const event = await plannedEvent('Plan Night');
    const watcher = await openFan(browser, harper.url);
    await watcher.page.goto(`/#/event/${event.id}`);
    const leftBlock = watcher.page.locator('.venue-block[data-section="Left"]');
    await expect.poll(() => leftBlock.textContent()).toContain('8 left');
    await screenshot(watcher.page, 'fan-20-venue-overview');

    const buyer = await api.admitted(event.id);
    const hold = await api.hold(buyer.token, { section: 'Left', quantity: 8 });
    expect(hold.status).toBe(201);
    expect((await api.order(hold.body.holdId)).status).toBe(201);
    const soldAt = Date.now();
    // the purchase may show as "All on hold" for a moment (the hold's message can come first), then "Sold out"
    await expect.poll(() => leftBlock.textContent(), { timeout: 3000, interval: 50 }).toContain('Sold out');
    expect(Date.now() - soldAt).toBeLessThan(2500);
    expect(await leftBlock.getAttribute('data-left')).toBe('none');
    await screenshotOf(watcher.page.getByTestId('venue-overview'), 'fan-21-venue-section-sold-out');

    const fan = await openFan(browser, harper.url);
    const { page } = fan;
    await page.goto(`/#/event/${event.id}/queue`);
    await expect.poll(() => page.locator('h2', { hasText: 'It is your turn' }).count(), { timeout: 15_000 }).toBe(1);
    const backBlock = page.locator('.venue-block[data-section="Back"]');
    await backBlock.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.seat-section[data-section="Left"]').isHidden()).toBe(true);
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    expect(await focused()).toMatch(/^Back, row 1, seat 1, available$/);
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByRole('button', { name: 'Hold 2 seats' }).count()).toBe(1);
    await screenshot(page, 'fan-22-venue-zoomed');
    await page.getByRole('button', { name: 'Hold 2 seats' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Your seats are held');
    expect(watcher.errors).toEqual([]);
    expect(fan.errors).toEqual([]);
    await watcher.context.close();
    await fan.context.close();
  });

  it('a waiting fan sees the sold-out message at once and reaches the waitlist', async () => {
    const event = await api.createEvent({ sections: [{ name: 'Main', rows: 1, seatsPerRow: 2 }], event: { name: 'Last Two' } });
    const buyer = await api.admitted(event.id);
    await pause(event.id, true);
    const fan = await openFan(browser, harper.url);
    const { page } = fan;
    await page.goto(`/#/event/${event.id}/queue`);
    await expect.poll(() => page.getByTestId('queue-position').textContent()).toBe('You are number 1 in line');
    const hold = await api.hold(buyer.token, { section: 'Main', quantity: 2 });
    await api.order(hold.body.holdId);
    await expect.poll(() => page.locator('.notice').first().textContent(), { timeout: 3000 }).toContain('Sold out.');
    await page.getByRole('button', { name: 'Join the waitlist' }).click();
    await expect.poll(() => page.getByTestId('waitlist-position').textContent()).toBe('You are number 1 on the waitlist');
    await screenshot(page, 'fan-23-sold-out-waitlist');
    expect(fan.errors).toEqual([]);
    await fan.context.close();
  });

  it('after the pre-queue, the fan is told the place was drawn fairly, with the command that checks it', async () => {
    const event = await api.createEvent({ event: { name: 'Drawn Night', onSaleAt: new Date(Date.now() + 6000).toISOString() } });
    await pause(event.id, true);
    const fan = await openFan(browser, harper.url);
    const { page } = fan;
    await page.goto(`/#/event/${event.id}/queue`);
    await expect.poll(() => page.getByTestId('queue-position').textContent()).toBe('You are in the waiting room');
    const commitment = (await api.get(`/draws/${event.id}`)).body.commitment;
    await expect.poll(() => page.getByTestId('draw-commitment').textContent()).toContain(commitment);
    await expect
      .poll(() => page.getByTestId('verify-command').textContent(), { timeout: 15_000 })
      .toContain(`scripts/verify-draw.mjs ${harper.url} ${event.id}`);
    const command = await page.getByTestId('verify-command').textContent();
    expect(command).toContain(`--commitment ${commitment}`);
    // the fan's entry (the hash of the ticket id), never the secret id itself
    expect(command).toMatch(/ --entry [0-9a-f]{64} /);
    expect(command).not.toMatch(/ t-e-/);
    expect(await page.locator('.notice').first().textContent()).toContain('Your place was drawn fairly: check it');
    await expect.poll(() => page.getByTestId('queue-progress').isVisible()).toBe(true);
    await screenshot(page, 'fan-24-drawn-fairly');
    expect(fan.errors).toEqual([]);
    await fan.context.close();
  });

  it('on a phone, the events come first and the filters fold behind one control', async () => {
    const fan = await openFan(browser, harper.url, { phone: true });
    const { page } = fan;
    await page.goto('/');
    await expect.poll(() => page.locator('.event-card').count()).toBeGreaterThan(0);
    const firstCard = await page.locator('.event-card').first().boundingBox();
    expect(firstCard?.y).toBeLessThan(844 - 100);
    expect(await page.getByLabel('Search').isVisible()).toBe(false);
    await screenshot(page, 'phone-0-browse-events-first');
    await page.getByText('Filters', { exact: true }).click();
    expect(await page.getByLabel('Search').isVisible()).toBe(true);
    expect(fan.errors).toEqual([]);
    await fan.context.close();
  });
});
