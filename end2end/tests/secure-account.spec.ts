import { Page, TestInfo } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  Account,
  createAccount,
  expectSignedOutThere,
  jsEnabled,
  mailedLink,
  open,
  scanA11y,
  secondDevice,
  settle,
  signIn,
} from './support';

const NEW_PASSWORD = 'a brand new passphrase';

/** The notice of a sign-in on a new device, as the owner's other page shows it. */
function notice(page: Page) {
  return page.getByRole('region', { name: 'New sign-in:' });
}

/** The owner's page shows the notice: live with JavaScript, on the next load without. */
async function expectNotice(page: Page, info: TestInfo) {
  if (!jsEnabled(info)) {
    await open(page, '/account', info);
  }
  await expect(notice(page)).toBeVisible();
  await expect(notice(page)).toContainText('Was this you?');
}

/** On "Secure my account": the current password, a new one, once confirmed, then the report. */
async function secure(page: Page, info: TestInfo, account: Account) {
  await expect(page).toHaveURL('/account/secure');
  await settle(page, info);
  await expect(page.getByRole('heading', { name: 'Secure my account', level: 1 })).toBeVisible();
  await expect(page.getByText('Every other device and app is signed out')).toBeVisible();
  // A mismatch changes nothing and says why.
  await page.getByLabel('Current password').fill(account.password);
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Confirm new password').fill('something else entirely');
  await page.getByRole('button', { name: 'Secure my account' }).click();
  await expect(page.getByRole('alert')).toHaveText('The two new passwords do not match.');
  await page.getByLabel('Current password').fill(account.password);
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Secure my account' }).click();
  await expect(page).toHaveURL('/account/secure/report');
  await expect(page.getByRole('status')).toContainText('Account secured');
  await expect(page.getByRole('heading', { name: 'What devices new to your account did' })).toBeVisible();
}

/**
 * The intruder's browser is out and only the new password signs in. (That the old one is
 * refused is proved by the Rust tests: every wrong password here would spend the whole
 * run's allowance of guesses from 127.0.0.1.)
 */
async function expectIntruderOut(intruder: Page, info: TestInfo, account: Account) {
  await expectSignedOutThere(intruder, info, '/account');
  await signIn(intruder, info, account.email, NEW_PASSWORD);
  await expect(intruder).toHaveURL('/profiles');
}

test('a sign-in on another browser is asked about here, and "No, secure my account" throws it out', async ({
  page,
  browser,
}, info) => {
  const account = createAccount(info);
  await signIn(page, info, account.email);
  await expect(page).toHaveURL('/profiles');
  await open(page, '/account', info);
  await expect(notice(page)).toHaveCount(0);

  const other = await secondDevice(browser, info);
  const intruder = await other.newPage();
  await signIn(intruder, info, account.email);
  await expect(intruder).toHaveURL('/profiles');
  await settle(intruder, info);
  // The new device is not asked about itself.
  await expect(notice(intruder)).toHaveCount(0);

  await expectNotice(page, info);
  if (jsEnabled(info)) {
    await scanA11y(page, 'a new sign-in asked about');
  }
  await notice(page).getByRole('link', { name: 'No, secure my account' }).click();
  await secure(page, info, account);
  // What the new browser did: it signed in as a new device.
  const report = page.getByRole('main');
  await expect(report.getByRole('heading', { level: 2 }).first()).toBeVisible();
  await expect(report.getByText('Signed in on a new device').first()).toBeVisible();
  // Answered by securing: no notice any more.
  await open(page, '/account', info);
  await expect(notice(page)).toHaveCount(0);

  await expectIntruderOut(intruder, info, account);
  await other.close();
});

test('"Yes, it was me" puts the notice away on every page', async ({ page, browser }, info) => {
  const account = createAccount(info);
  await signIn(page, info, account.email);
  await expect(page).toHaveURL('/profiles');
  await open(page, '/account/devices', info);

  const other = await secondDevice(browser, info);
  const mine = await other.newPage();
  await signIn(mine, info, account.email);
  await expect(mine).toHaveURL('/profiles');

  if (!jsEnabled(info)) {
    await open(page, '/account/devices', info);
  }
  await expect(notice(page)).toBeVisible();
  await notice(page).getByRole('button', { name: 'Yes, it was me' }).click();
  await expect(notice(page)).toHaveCount(0);
  // Back where it was asked, and still signed in on both.
  await expect(page).toHaveURL('/account/devices');
  await open(page, '/account', info);
  await expect(notice(page)).toHaveCount(0);
  await open(mine, '/account', info);
  await expect(mine).toHaveURL('/account');
  await other.close();
});

test('the emailed "This wasn\'t me" link asks the password and secures the account, once', async ({
  page,
  browser,
}, info) => {
  const account = createAccount(info);
  await signIn(page, info, account.email);
  await expect(page).toHaveURL('/profiles');

  const other = await secondDevice(browser, info);
  const intruder = await other.newPage();
  await signIn(intruder, info, account.email);
  await expect(intruder).toHaveURL('/profiles');
  await settle(intruder, info);

  // The owner reads the mail about the new device on a phone that is not signed in.
  const link = mailedLink(account, 'Signed in on a new device');
  const phone = await secondDevice(browser, info);
  const owner = await phone.newPage();
  await open(owner, link, info);
  await expect(owner.getByRole('heading', { name: 'Secure your account' })).toBeVisible();
  await expect(owner.getByText(account.email)).toBeVisible();
  await owner.getByLabel('Password').fill(account.password);
  await owner.getByRole('button', { name: 'Continue' }).click();
  await secure(owner, info, account);

  await expectIntruderOut(intruder, info, account);
  // The owner's first browser was another device too.
  await expectSignedOutThere(page, info, '/account');

  // The link worked once.
  await open(owner, link, info);
  await expect(owner.getByRole('alert')).toContainText('already used');
  await other.close();
  await phone.close();
});
