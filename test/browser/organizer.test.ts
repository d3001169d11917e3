// The organizer dashboard in a real browser: nothing without signing in,
// clear refusals for wrong or non-organizer credentials, the forms that
// create a venue and an event, and pause and resume taking effect at once.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Harper } from '../harness.js';
import type { Api } from '../client.js';
import { browserSuite, haveChromium, openFan, screenshot } from './browser.js';

let harper: Harper;
let api: Api;
let browser: Browser;
const suite = browserSuite();
beforeAll(() => void ({ harper, api, browser } = suite));

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe.skipIf(!haveChromium && !process.env.CI)('organizer dashboard', () => {
  it('shows nothing but the sign-in to anonymous users and refuses wrong or non-organizer credentials', async () => {
    await api.operation({ operation: 'add_role', role: 'fan_viewer', permission: { super_user: false } });
    await api.operation({ operation: 'add_user', role: 'fan_viewer', username: 'viewer', password: 'viewer-pass-1', active: true });
    const visitor = await openFan(browser, harper.url);
    const { page } = visitor;
    await page.goto('/organizer/');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Organizer sign-in');
    expect(await page.getByTestId('event-panel').count()).toBe(0);
    await screenshot(page, 'organizer-1-sign-in');

    await signIn(page, 'admin', 'wrong-password');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('do not match');
    await signIn(page, 'viewer', 'viewer-pass-1');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not an organizer');
    expect(await page.getByTestId('event-panel').count()).toBe(0);
    await screenshot(page, 'organizer-1b-not-an-organizer');

    // and the calls the dashboard makes refuse anonymous callers outright
    const event = await api.createEvent();
    expect((await api.get(`/gate/${event.id}`)).status).toBe(401);
    expect((await api.patch(`/gate/${event.id}`, { paused: true })).status).toBe(401);
    expect(visitor.errors).toEqual([]);
    await visitor.context.close();
  });

  it('creates a venue and an event from its forms, and pauses and resumes admissions with the effect on screen', async () => {
    const organizer = await openFan(browser, harper.url);
    const { page } = organizer;
    await page.goto('/organizer/');
    await signIn(page, 'admin', 'password');
    await expect.poll(() => page.locator('h1').textContent()).toBe('On-sale dashboard');

    const venueForm = page.getByRole('form', { name: 'New venue' });
    await venueForm.getByLabel('Name', { exact: true }).fill('Form Hall');
    await venueForm.getByLabel('City').fill('Formtown');
    await venueForm.getByLabel('Address').fill('1 Form Street');
    await venueForm.getByRole('button', { name: 'Add a section' }).click();
    await venueForm.locator('input[name="section-name-2"]').fill('Balcony');
    await venueForm.locator('input[name="section-rows-2"]').fill('2');
    await venueForm.locator('input[name="section-seats-2"]').fill('5');
    await venueForm.getByRole('button', { name: 'Create venue' }).click();
    await expect.poll(() => venueForm.getByRole('status').textContent()).toContain('Venue “Form Hall” created');

    const eventForm = page.getByRole('form', { name: 'New event' });
    await eventForm.getByLabel('Name', { exact: true }).fill('Form Fest');
    await eventForm.getByLabel('Category').selectOption('family');
    await eventForm.getByLabel('Venue').selectOption({ label: 'Form Hall, Formtown' });
    await eventForm.getByLabel('Balcony').fill('35');
    await eventForm.getByLabel('Floor').fill('20');
    await eventForm.getByLabel('Checkout cap').fill('5');
    await screenshot(page, 'organizer-4-forms', true);
    await eventForm.getByRole('button', { name: 'Create event' }).click();
    await expect.poll(() => eventForm.getByRole('status').textContent()).toContain('Event “Form Fest” created');

    const listed = (await api.get('/events/?q=Form%20Fest')).body.items;
    expect(listed).toHaveLength(1);
    const detail = (await api.get(`/events/${listed[0].id}`)).body;
    expect(detail.sections.map((s: { name: string; price: number; total: number }) => [s.name, s.price, s.total])).toEqual([
      ['Floor', 2000, 200],
      ['Balcony', 3500, 10],
    ]);
    expect(detail.waitingRoom.maxActive).toBe(5);

    // the new event is picked in the dashboard
    await expect.poll(() => page.getByLabel('Event', { exact: true }).inputValue()).toBe(detail.id);
    await expect.poll(() => page.getByTestId('total-available').textContent()).toBe('210');

    // pause: a fan who joins stays waiting; resume: the fan is let in
    await page.getByTestId('pause').click();
    await expect.poll(() => page.getByTestId('stat-gate').textContent(), { timeout: 1000 }).toBe('Paused');
    const ticket = (await api.post('/queue/', { eventId: detail.id })).body;
    await new Promise((r) => setTimeout(r, 1500));
    expect((await api.get(`/queue/${ticket.ticketId}`)).body.state).toBe('waiting');
    await expect.poll(() => page.getByTestId('stat-waiting').textContent(), { timeout: 1500 }).toBe('1');
    await screenshot(page, 'organizer-5-paused', true);
    await page.getByTestId('pause').click();
    await expect.poll(() => page.getByTestId('stat-gate').textContent(), { timeout: 1000 }).toMatch(/^Open/);
    await api.waitForAdmission(ticket.ticketId, 5000);
    await expect.poll(() => page.getByTestId('stat-active').textContent(), { timeout: 1500 }).toBe('1 of 5');
    expect(organizer.errors).toEqual([]);
    await organizer.context.close();
  });
});
