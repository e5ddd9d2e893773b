import { expect, test } from './fixtures';
import {
  expectSignedOutThere,
  PASSWORD,
  createAccount,
  jsEnabled,
  open,
  requireReauthentication,
  secondDevice,
  settle,
  signIn,
  signInAs,
  streamFromTv,
} from './support';

test('signing out one device sends it to the sign-in page on its next request', async ({ page, browser }, info) => {
  const account = createAccount(info);
  const other = await secondDevice(browser, info);
  const otherPage = await other.newPage();
  await signInAs(otherPage, info, account);

  await signIn(page, info, account.email);
  await expect(page).toHaveURL('/profiles');
  await open(page, '/account', info);
  await page.getByRole('link', { name: 'Manage access and devices' }).click();
  await expect(page).toHaveURL('/account/devices');
  await settle(page, info);
  const cards = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2 }) });
  await expect(cards).toHaveCount(2);
  const badge = page.getByText('This device', { exact: true });
  await expect(cards.filter({ has: badge })).toHaveCount(1);
  const theirs = cards.filter({ hasNot: badge });
  await expect(theirs).toContainText('Approximate location');
  await theirs.getByRole('button', { name: /^Sign out / }).click();
  await expect(page).toHaveURL('/account/devices?done=signed_out');
  await expect(page.getByRole('status')).toContainText('The device was signed out');
  await expect(page.getByRole('listitem').filter({ hasText: 'Signed out' })).toHaveCount(1);

  await expectSignedOutThere(otherPage, info, '/browse');
  await other.close();
  // This device is still signed in.
  await page.goto('/account');
  await expect(page).toHaveURL('/account');
});

test('deactivating a device warns first, then removes it and erases its locations', async ({ page, browser, request }, info) => {
  const account = createAccount(info);
  await streamFromTv(request, account, 2);
  await signIn(page, info, account.email);
  await expect(page).toHaveURL('/profiles');
  await open(page, '/account/devices', info);
  const tv = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Smart TV' }) });
  await expect(tv).toBeVisible();
  await tv.getByRole('button', { name: 'Deactivate Smart TV' }).click();

  let confirm;
  if (jsEnabled(info)) {
    confirm = page.getByRole('dialog', { name: 'Deactivate Smart TV?' });
    await expect(confirm).toBeVisible();
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  } else {
    await expect(page).toHaveURL(/\/account\/devices\/\d+\/deactivate\??$/);
    confirm = page.getByRole('main');
  }
  await expect(confirm).toContainText('Lost or stolen? Sign it out instead.');
  await expect(confirm).toContainText('erases its location history');
  await confirm.getByRole('button', { name: 'Deactivate', exact: true }).click();

  await expect(page).toHaveURL('/account/devices?done=deactivated');
  await expect(page.getByRole('heading', { name: 'Smart TV' })).toHaveCount(0);
  // Its streams stay in the audit, without their addresses.
  await open(page, '/account/streaming', info);
  const rows = page.getByRole('row').filter({ hasText: 'Smart TV' });
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('Erased');
});

test('signing out another device asks for the password when it was not entered lately', async ({ page, browser }, info) => {
  const account = createAccount(info);
  const other = await secondDevice(browser, info);
  const otherPage = await other.newPage();
  await signInAs(otherPage, info, account);
  await signIn(page, info, account.email);
  await expect(page).toHaveURL('/profiles');
  requireReauthentication(account);

  await open(page, '/account/devices', info);
  const badge = page.getByText('This device', { exact: true });
  const cards = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2 }) });
  // This device signs out without a password.
  await expect(cards.filter({ has: badge }).getByLabel(/to sign out/)).toHaveCount(0);
  const theirs = cards.filter({ hasNot: badge });
  await theirs.getByLabel(/^Your account password, to sign out /).fill('not the password');
  await theirs.getByRole('button', { name: /^Sign out / }).click();
  await expect(theirs.getByRole('alert')).toContainText('That password is not right.');
  await otherPage.goto('/account');
  await expect(otherPage).toHaveURL('/account');

  await open(page, '/account/devices', info);
  await theirs.getByLabel(/^Your account password, to sign out /).fill(PASSWORD);
  await theirs.getByRole('button', { name: /^Sign out / }).click();
  await expect(page).toHaveURL('/account/devices?done=signed_out');
  await expectSignedOutThere(otherPage, info, '/browse');
  await other.close();
});
