import { expect, test } from './fixtures';
import { createAccount, jsEnabled, open, secondDevice, settle, signIn, signInAs } from './support';

const UPDATED = 'Kinoguard was just updated. This page reloads in a moment to use the new version.';

test('a page of an older release whose server function is gone reloads itself instead of failing', async ({ page, browser }, info) => {
  const account = createAccount(info);
  const other = await secondDevice(browser, info);
  await signInAs(await other.newPage(), info, account);
  await signIn(page, info, account.email);
  await expect(page).toHaveURL('/profiles');
  await open(page, '/account/devices', info);

  // The page calls `sign_out_device` as its release named it; this server no longer has
  // a function by that name (as after an upgrade that renamed it).
  await page.route('**/api/sign_out_device', (route) =>
    route.continue({ url: route.request().url().replace('sign_out_device', 'sign_out_device_of_an_older_release') }),
  );
  const cards = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2 }) });
  await expect(cards).toHaveCount(2);
  const theirs = cards.filter({ hasNot: page.getByText('This device', { exact: true }) });
  const reloaded = page.waitForEvent('load');
  await theirs.getByRole('button', { name: /^Sign out / }).click();
  if (jsEnabled(info)) {
    // Said where the page says what is happening, then the page reloads itself.
    await expect(page.getByRole('status').filter({ hasText: UPDATED }).first()).toBeVisible();
  }
  await reloaded;
  await page.unroute('**/api/sign_out_device');
  await expect(page).toHaveURL('/account/devices');
  await settle(page, info);
  await expect(page.getByText(UPDATED)).toHaveCount(0);
  // Nothing was done by the call that failed; the reloaded page works.
  await expect(page.getByRole('listitem').filter({ hasText: 'Signed out' })).toHaveCount(0);
  await theirs.getByRole('button', { name: /^Sign out / }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'Signed out' })).toHaveCount(1);
  await other.close();
});
