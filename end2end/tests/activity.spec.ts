import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { createAccount, open, ownerName, secondDevice, signIn, signInAs, streamFromTv } from './support';

test('streaming activity pages by 25 and filters by device', async ({ page, request }, info) => {
  const account = createAccount(info);
  await streamFromTv(request, account, 30);
  await signInAs(page, info, account);
  await open(page, '/account', info);
  await page.getByRole('link', { name: 'Recent device streaming activity' }).click();
  await expect(page).toHaveURL('/account/streaming');
  await expect(page.getByText(/Locations are approximate/)).toBeVisible();
  const table = page.getByRole('region', { name: 'Streams' });
  await expect(table.getByRole('columnheader', { name: 'Approximate location' })).toBeVisible();
  const body = table.getByRole('row').filter({ hasNot: page.getByRole('columnheader') });
  await expect(body).toHaveCount(25);
  await expect(body.first()).toContainText('Smart TV');
  await expect(body.first()).toContainText(ownerName(account));

  await page.getByRole('link', { name: 'Older' }).click();
  await expect(page).toHaveURL(/before=/);
  await expect(body).toHaveCount(5);
  await expect(page.getByRole('link', { name: 'Older' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Newest' }).click();
  await expect(body).toHaveCount(25);

  await page.getByLabel('Device').selectOption({ label: 'Smart TV' });
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/device=\d+/);
  await expect(body).toHaveCount(25);
  // This browser's own device has no streams.
  const labels = await page.getByLabel('Device').locator('option').allInnerTexts();
  const browserDevice = labels.map((l) => l.trim()).find((l) => l !== 'All devices' && l !== 'Smart TV');
  expect(browserDevice).toBeTruthy();
  await page.getByLabel('Device').selectOption({ label: browserDevice! });
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByText('No streams to show.')).toBeVisible();
});

test('viewing activity hides an item and downloads the history as CSV', async ({ page, request }, info) => {
  const account = createAccount(info);
  await streamFromTv(request, account, 3);
  await signIn(page, info, account.email);
  await expect(page).toHaveURL('/profiles');
  await open(page, '/account', info);
  await page.getByRole('link', { name: `Viewing activity of ${ownerName(account)}` }).click();
  await expect(page.getByRole('heading', { name: `Viewing activity for ${ownerName(account)}` })).toBeVisible();
  const items = page.getByRole('main').getByRole('listitem');
  await expect(items).toHaveCount(3);
  const first = (await items.first().getByRole('link').innerText()).trim();

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download all (CSV)' }).click();
  const file = await (await download).path();
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  expect(lines[0]).toBe('Title,Date (UTC),Device');
  expect(lines).toHaveLength(4);
  expect(lines[1]).toContain(first);
  expect(lines[1]).toMatch(/,\d{4}-\d{2}-\d{2} \d{2}:\d{2},Smart TV$/);

  await items.first().getByRole('button', { name: `Hide ${first} from viewing activity` }).click();
  await expect(items).toHaveCount(2);
  // Still in the streaming audit.
  await open(page, '/account/streaming', info);
  await expect(page.getByRole('row').filter({ hasText: first }).first()).toBeVisible();
});

test('security activity lists sign-ins and wrong passwords', async ({ page }, info) => {
  const account = createAccount(info);
  await signIn(page, info, account.email, 'definitely wrong');
  await expect(page.getByRole('alert')).toBeVisible();
  await signIn(page, info, account.email);
  await expect(page).toHaveURL('/profiles');
  await open(page, '/account/security', info);
  const events = page.getByRole('main').getByRole('listitem');
  await expect(events.first()).toContainText('Signed in');
  await expect(events.filter({ hasText: 'Wrong password entered' })).toHaveCount(1);
  await expect(events.filter({ hasText: 'Account created' })).toHaveCount(1);
});

// Issue 15: the security activity narrows to a kind, a device and a period, and downloads
// what it shows as CSV or JSON.
test('security activity filters by kind and downloads what it shows', async ({ page, browser }, info) => {
  const account = createAccount(info);
  await signIn(page, info, account.email);
  await expect(page).toHaveURL('/profiles');
  const other = await secondDevice(browser, info);
  await signIn(await other.newPage(), info, account.email);

  await open(page, '/account/security', info);
  await page.getByLabel('Event', { exact: true }).selectOption({ label: 'Signed in on a new device' });
  await page.getByLabel('Period').selectOption({ label: 'Last 7 days' });
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/\/account\/security\?kind=new_device_sign_in&device=&period=7$/);
  const events = page.getByRole('main').getByRole('list').last().getByRole('listitem');
  await expect(events).toHaveCount(1);
  await expect(events.first()).toContainText('Signed in on a new device');
  await expect(page.getByLabel('Event', { exact: true })).toHaveValue('new_device_sign_in');

  const csv = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download (CSV)' }).click();
  const lines = readFileSync(await (await csv).path(), 'utf8').trim().split('\n');
  expect(lines[0]).toBe('Date (UTC),Event,Device,IP address,Approximate location,Details');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},Signed in on a new device,/);

  await open(page, '/account/security', info);
  const json = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download (JSON)' }).click();
  const all = JSON.parse(readFileSync(await (await json).path(), 'utf8')) as { kind: string }[];
  expect(all.map((e) => e.kind)).toEqual(
    expect.arrayContaining(['new_device_sign_in', 'sign_in', 'account_created']),
  );

  // A filter the page does not offer is refused, and shows nothing.
  await open(page, '/account/security?period=5', info);
  await expect(page.getByRole('alert')).toHaveText('That filter is not one this page offers. Choose from its lists.');
  await other.close();
});

// Issue 13: on a phone the streaming activity is a card per stream with every field in
// sight (the IP address and location are the point of the page); on a desktop every
// column fits without being cut.
test('every field of a stream is on screen, as a card on a phone', async ({ page, request }, info) => {
  const account = createAccount(info);
  await streamFromTv(request, account, 2);
  await signInAs(page, info, account);
  await open(page, '/account/streaming', info);
  const width = page.viewportSize()!.width;
  const first = page.getByRole('region', { name: 'Streams' }).getByRole('row').nth(1);
  for (const column of ['Date and time', 'Device', 'IP address', 'Approximate location', 'Profile', 'Title']) {
    const cell = first.locator(`td[data-label="${column}"]`);
    await expect(cell, column).toBeVisible();
    await expect(cell, column).not.toHaveText('');
    const box = (await cell.boundingBox())!;
    expect(box.x, column).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${column} ends inside the ${width}px screen`).toBeLessThanOrEqual(width);
    // Nothing inside is cut off either.
    expect(await cell.evaluate((el) => el.scrollWidth <= el.clientWidth), `${column} is cut`).toBe(true);
  }
  const ip = first.locator('td[data-label="IP address"]');
  await expect(ip).toHaveText(/\d+\.\d+\.\d+\.\d+|[0-9a-f:]+|Erased/);
  if (width < 640) {
    // A card: the label is written beside each value.
    const label = await ip.evaluate((el) => getComputedStyle(el, '::before').content);
    expect(label).toBe('"IP address"');
  }
});

// Issue 13: the other two activity lists keep every field on screen too.
test('viewing and security activity keep every field on screen', async ({ page, request }, info) => {
  const account = createAccount(info);
  await streamFromTv(request, account, 2);
  await signInAs(page, info, account);
  const width = page.viewportSize()!.width;
  const onScreen = async (selector: string) => {
    const fields = page.getByRole('main').locator(selector);
    expect(await fields.count(), selector).toBeGreaterThan(0);
    for (const field of await fields.all()) {
      await expect(field, selector).toBeVisible();
      const box = (await field.boundingBox())!;
      expect(box.x, selector).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `${selector} ends inside the ${width}px screen`).toBeLessThanOrEqual(width);
    }
  };
  await open(page, '/account/security', info);
  await onScreen('.events li > .event-what, .events li > .event-when, .events li > .event-where');
  await open(page, '/account', info);
  await page.getByRole('link', { name: `Viewing activity of ${ownerName(account)}` }).click();
  await expect(page.getByRole('heading', { name: `Viewing activity for ${ownerName(account)}` })).toBeVisible();
  await onScreen('.history li > .history-title, .history li > .history-when, .history li > .history-device');
});
