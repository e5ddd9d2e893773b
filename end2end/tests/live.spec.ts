import { APIRequestContext, Browser, BrowserContext, Page, TestInfo } from '@playwright/test';
import { expect, test } from './fixtures';
import { Account, createAccount, open, secondDevice, settle, signIn, signInAs } from './support';

// What the live channel promises: an open page learns at once that its session ended, a
// playing stream stops when parental controls forbid it, and the device list follows
// sign-ins. (Without JavaScript nothing changes: the next request goes to sign-in, which
// sign-out-all.spec.ts and devices.spec.ts check in the no-JavaScript project.)

/** How soon an open screen must show that it was signed out. */
const PROMPT = 1_500;

/** Marks the page, so that a reload (which would clear the mark) can be told apart. */
async function mark(page: Page) {
  await page.evaluate(() => ((window as unknown as { kgMark: number }).kgMark = 1));
}

async function stillTheSamePage(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { kgMark?: number }).kgMark)).toBe(1);
}

/** The subscriber's other device, signed in (its "Who's watching?" page open). */
async function anotherDeviceSignedIn(browser: Browser, info: TestInfo, account: Account): Promise<BrowserContext> {
  const other = await secondDevice(browser, info);
  const otherPage = await other.newPage();
  await signIn(otherPage, info, account.email);
  await expect(otherPage).toHaveURL('/profiles');
  await settle(otherPage, info);
  return other;
}

/** Ends every session of the account from another device's own cookie, as its button does. */
async function signOutAllFrom(request: APIRequestContext) {
  const r = await request.post('/api/sign_out_all', { form: {}, maxRedirects: 0 });
  expect([200, 302, 303]).toContain(r.status());
}

test('an open account page says it was signed out within 1.5 s of "Sign out of all devices" elsewhere', async ({ page, browser }, info) => {
  const account = createAccount(info);
  await signIn(page, info, account.email);
  await expect(page).toHaveURL('/profiles');
  await open(page, '/account', info);
  await mark(page);
  const other = await anotherDeviceSignedIn(browser, info, account);

  await signOutAllFrom(other.request);
  const notice = page.getByRole('alert').filter({ hasText: 'You were signed out' });
  await expect(notice).toBeVisible({ timeout: PROMPT });
  await expect(notice).toContainText('someone chose “Sign out of all devices” for this account');
  await expect(page.getByRole('heading', { name: 'You were signed out' })).toBeFocused();
  // Nothing of the account is left on screen, and the page was not reloaded.
  await expect(page.getByRole('heading', { name: 'Account', exact: true })).toHaveCount(0);
  await expect(page).toHaveURL('/account');
  await stillTheSamePage(page);
  await expect(page.getByRole('button', { name: /^Profile menu for / })).toHaveCount(0);

  await page.getByRole('link', { name: 'Sign in again' }).click();
  await expect(page).toHaveURL('/login?next=%2Faccount');
  await other.close();
});

test('a playing /watch page stops and says it was signed out within 1.5 s', async ({ page, browser }, info) => {
  const account = createAccount(info);
  await signInAs(page, info, account);
  await open(page, '/watch/1', info);
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Playing' })).toBeVisible();
  await mark(page);

  const other = await anotherDeviceSignedIn(browser, info, account);
  await signOutAllFrom(other.request);

  await expect(page.getByRole('alert').filter({ hasText: 'You were signed out' })).toBeVisible({ timeout: PROMPT });
  await expect(page.getByRole('region', { name: 'Player' })).toHaveCount(0);
  await stillTheSamePage(page);
  await other.close();
});

test('blocking the title that is playing stops the player at once', async ({ page, browser }, info) => {
  const account = createAccount(info);
  await signInAs(page, info, account);
  await open(page, '/watch/1', info);
  const titleId = Number(new URL(page.url()).pathname.split('/').pop());
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Playing' })).toBeVisible();
  const viewer = await (await page.request.post('/api/viewer')).json();
  const profileId = viewer.current.id as number;

  const parent = await anotherDeviceSignedIn(browser, info, account);
  const blocked = await parent.request.post('/api/block_title', {
    form: { profile_id: String(profileId), title_id: String(titleId) },
  });
  expect(blocked.ok()).toBe(true);

  await expect(page.getByRole('alert')).toContainText(
    'Playback stopped: the account\'s parental controls no longer allow this title on this profile.',
    { timeout: PROMPT },
  );
  await expect(page.getByRole('status').filter({ hasText: 'Ready to play' })).toBeVisible();
  await parent.close();
});

test('the account page counts a device signing in and out without a reload', async ({ page, browser }, info) => {
  const account = createAccount(info);
  await signIn(page, info, account.email);
  await expect(page).toHaveURL('/profiles');
  await open(page, '/account', info);
  await mark(page);
  await expect(page.getByText('1 device is signed in to your account.')).toBeVisible();

  const other = await anotherDeviceSignedIn(browser, info, account);
  await expect(page.getByText('2 devices are signed in to your account.')).toBeVisible({ timeout: PROMPT });

  const r = await other.request.post('/api/sign_out', { form: {}, maxRedirects: 0 });
  expect([200, 302, 303]).toContain(r.status());
  await expect(page.getByText('1 device is signed in to your account.')).toBeVisible({ timeout: PROMPT });
  await stillTheSamePage(page);
  await other.close();
});

test('signing out in this window goes to sign-in without a signed-out notice', async ({ page }, info) => {
  const account = createAccount(info);
  await signIn(page, info, account.email);
  await expect(page).toHaveURL('/profiles');
  await open(page, '/account', info);
  await page.getByRole('button', { name: /^Profile menu for / }).click();
  await page.getByRole('navigation', { name: 'Profile menu' }).getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL('/login?signed_out=1');
  await expect(page.getByRole('heading', { name: 'You were signed out' })).toHaveCount(0);
});

test('Manage access and devices lists a device as it signs in, and marks it as it signs out', async ({ page, browser }, info) => {
  const account = createAccount(info);
  await signIn(page, info, account.email);
  await expect(page).toHaveURL('/profiles');
  await open(page, '/account/devices', info);
  await mark(page);
  const cards = page.getByRole('list').filter({ has: page.getByRole('heading', { level: 2 }) }).first().getByRole('listitem');
  await expect(cards).toHaveCount(1);

  const other = await anotherDeviceSignedIn(browser, info, account);
  await expect(cards).toHaveCount(2, { timeout: PROMPT });
  const r = await other.request.post('/api/sign_out', { form: {}, maxRedirects: 0 });
  expect([200, 302, 303]).toContain(r.status());
  await expect(cards.filter({ hasText: 'Signed out' })).toHaveCount(1, { timeout: PROMPT });
  await stillTheSamePage(page);
  await other.close();
});

test('a page served by an older release reloads itself, with a notice, when the live channel names a newer one', async ({ page }, info) => {
  const account = createAccount(info);
  await signIn(page, info, account.email);
  await expect(page).toHaveURL('/profiles');
  // This one load of /account is as an older release served it; the channel it opens
  // reaches this server, which names its own release.
  await page.route(
    '**/account',
    async (route) => {
      const served = await route.fetch();
      const body = (await served.text()).replace(
        /<meta name="kinoguard-release" content="[^"]*"/,
        '<meta name="kinoguard-release" content="an-older-release"',
      );
      await route.fulfill({ response: served, body });
    },
    { times: 1 },
  );
  await page.goto('/account');
  // Waited for from now: the reload follows the notice within seconds.
  const reloaded = page.waitForEvent('load');
  await expect(page.getByRole('status').filter({ hasText: 'Kinoguard was just updated.' })).toBeVisible();
  // Then it reloads itself: served by this release, it stays.
  await reloaded;
  await settle(page, info);
  await expect(page.locator('meta[name="kinoguard-release"]')).not.toHaveAttribute('content', 'an-older-release');
  await expect(page.getByText('Kinoguard was just updated.')).toHaveCount(0);
  await mark(page);
  await page.waitForTimeout(3_000);
  await stillTheSamePage(page);
  await expect(page).toHaveURL('/account');
});
