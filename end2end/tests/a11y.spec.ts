import { Page, TestInfo } from '@playwright/test';
import { expect, test } from './fixtures';
import { Account, createAccount, open, scanA11y, secondDevice, settle, signIn, signInInSpanish, streamFromTv } from './support';

// Issue 14: WCAG 2.2 AA, measured by axe-core: every page in the states that matter, in
// both languages and both themes (the system's light or dark preference), on the desktop
// and a Pixel 7, and each page as it is served before (or without) its JavaScript. The
// TV's screens are scanned in tv.spec.ts, in its viewport.

const SIGNED_OUT = ['/', '/login', '/help', '/no-such-page', '/secure?link=not-a-link'];

/** Every page a signed-in subscriber can open, for the owner's profile `profile`. */
function signedInPages(profile: string): string[] {
  return [
    '/profiles',
    '/account',
    '/account/sign-out-all',
    '/account/devices',
    '/account/streaming',
    '/account/security',
    '/account/secure',
    '/account/secure/report',
    `/account/profiles/${profile}/activity`,
    `/account/profiles/${profile}/parental`,
    '/account/password',
    '/activate',
    '/profiles/manage',
    '/profiles/new',
    `/profiles/${profile}/edit`,
    '/browse',
    '/browse?q=noche',
    '/browse?q=zzzz',
    '/watch/1',
  ];
}

async function signInFor(page: Page, info: TestInfo, account: Account, language: string) {
  if (language === 'es') {
    await signInInSpanish(page, info, account);
  } else {
    await signIn(page, info, account.email);
    await expect(page).toHaveURL('/profiles');
  }
  await settle(page, info);
}

/** The owner's profile id, from the Account page's viewing-activity link. */
async function ownerProfile(page: Page, info: TestInfo): Promise<string> {
  await open(page, '/account', info);
  const href = await page.locator('main a[href$="/activity"]').first().getAttribute('href');
  return href!.split('/')[3];
}

for (const [language, colorScheme] of [['en', 'dark'], ['es', 'light'], ['en', 'light'], ['es', 'dark']] as const) {
  test.describe(`WCAG 2.2 AA (${language}, ${colorScheme} theme)`, () => {
    test.use({ locale: language === 'es' ? 'es-ES' : 'en-US', colorScheme });

    test('signed-out pages, and the sign-in page with its error', async ({ page }, info) => {
      for (const path of SIGNED_OUT) {
        await open(page, path, info);
        await scanA11y(page, path);
      }
      await open(page, '/login', info);
      await page.locator('#identifier').fill('nobody@example.com');
      await page.locator('#password').fill('not the password');
      await page.locator('main form button[type=submit]').click();
      await expect(page.getByRole('alert')).toBeVisible();
      await scanA11y(page, 'sign-in refused');
    });

    test('signed-in pages, with their dialogs, menus and errors', async ({ page, browser, request }, info) => {
      test.setTimeout(120_000);
      const account = createAccount(info);
      await streamFromTv(request, account, 2);
      const other = await secondDevice(browser, info);
      await signIn(await other.newPage(), info, account.email);
      await signInFor(page, info, account, language);
      const profile = await ownerProfile(page, info);
      for (const path of signedInPages(profile)) {
        await open(page, path, info);
        await scanA11y(page, path);
      }

      await open(page, '/account', info);
      await page.locator('main button.danger').first().click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await scanA11y(page, 'sign out of all devices: the dialog');
      await page.keyboard.press('Escape');

      await open(page, '/account/devices', info);
      await page.locator('main .device-actions button.danger').first().click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await scanA11y(page, 'deactivate a device: the dialog');
      await page.keyboard.press('Escape');

      await page.locator('header .avatar-button').click();
      await expect(page.locator('.profile-menu')).toBeVisible();
      await scanA11y(page, 'the profile menu');

      await open(page, '/account/password', info);
      await page.locator('#current-password').fill('not the password');
      await page.locator('#new-password').fill('a long enough new phrase');
      await page.locator('#confirm-password').fill('a long enough new phrase');
      await page.locator('main form button[type=submit]').click();
      await expect(page.getByRole('alert')).toBeVisible();
      await scanA11y(page, 'change password refused');

      await open(page, '/profiles/new', info);
      await page.locator('#profile-name').fill('   ');
      await page.locator('main form button[type=submit]').click();
      await expect(page.getByRole('alert')).toBeVisible();
      await scanA11y(page, 'add profile refused');
      await other.close();
    });

    test('every page as served, before or without its JavaScript', async ({ page, request }, info) => {
      test.setTimeout(120_000);
      // The page's bundle is replaced by one that does nothing: the page stays as the server
      // wrote it, with its stylesheet, as a browser without JavaScript shows it.
      const inert = 'export default async function () {}\nexport function hydrate() {}\n';
      await page.route(/\/pkg\/.+\.(js|wasm)$/, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: inert }));
      // With the TV's page too, as a phone or a small window shows it (it asks for no
      // sign-in code without its script; its own screens are scanned in tv.spec.ts).
      for (const path of [...SIGNED_OUT, '/tv']) {
        await page.goto(path);
        await scanA11y(page, `${path} without JavaScript`);
      }
      const account = createAccount(info);
      await streamFromTv(request, account, 1);
      await page.goto('/login');
      await page.locator('#identifier').fill(account.email);
      await page.locator('#password').fill(account.password);
      await page.locator('main form button[type=submit]').click();
      await expect(page).toHaveURL('/profiles');
      await page.goto('/account');
      const href = await page.locator('main a[href$="/activity"]').first().getAttribute('href');
      for (const path of signedInPages(href!.split('/')[3])) {
        await page.goto(path);
        await scanA11y(page, `${path} without JavaScript`);
      }
    });
  });
}

