import { expect, test } from './fixtures';
import { createAccount, open, openProfileMenu, settle, signIn } from './support';

test('signs in with an email address and reaches Account from the avatar menu', async ({ page }, info) => {
  const account = createAccount(info);
  await signIn(page, info, account.email.toUpperCase());
  await expect(page).toHaveURL('/profiles');
  await settle(page, info);

  const menu = await openProfileMenu(page);
  await expect(menu.getByRole('link', { name: 'Help Center' })).toBeVisible();
  await expect(menu.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await menu.getByRole('link', { name: 'Account' }).click();

  await expect(page).toHaveURL('/account');
  await expect(page.getByRole('heading', { name: 'Account', level: 1 })).toBeVisible();
  await expect(page.getByRole('main').getByText(account.email)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Security' })).toBeVisible();
});

test('signs in with a phone number written any common way', async ({ page }, info) => {
  const account = createAccount(info);
  // The usual UK spelling, trunk 0 in brackets: "+44 (0)7712 345678".
  const spaced = `${account.phone.slice(0, 3)} (0)${account.phone.slice(3, 7)} ${account.phone.slice(7)}`;
  await signIn(page, info, spaced);
  await expect(page).toHaveURL('/profiles');
  await expect(page.getByRole('button', { name: /^Profile menu for / })).toBeVisible();
});

test('a wrong password and an unknown account get the same message', async ({ page }, info) => {
  const account = createAccount(info);
  await signIn(page, info, account.email, 'not my password');
  const alert = page.getByRole('alert');
  await expect(alert).toHaveText('Incorrect email, phone number or password.');
  await expect(page).toHaveURL(/\/login/);

  await signIn(page, info, `nobody-${account.email}`);
  await expect(page.getByRole('alert')).toHaveText('Incorrect email, phone number or password.');
});

test('malformed sign-in details are explained', async ({ page }, info) => {
  await signIn(page, info, 'someone@');
  await expect(page.getByRole('alert')).toHaveText('Enter a valid email address, like name@example.com.');
  await signIn(page, info, '415 555 0123');
  await expect(page.getByRole('alert')).toContainText('country code');
});

test('signing out from the profile menu ends the session', async ({ page }, info) => {
  const account = createAccount(info);
  await signIn(page, info, account.email);
  await expect(page).toHaveURL('/profiles');
  await settle(page, info);
  const menu = await openProfileMenu(page);
  await menu.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL('/login?signed_out=1');
  await expect(page.getByRole('status')).toHaveText('You signed out.');

  await page.goto('/account');
  await expect(page).toHaveURL('/login?next=/account');
});

test('the Account page asks signed-out visitors to sign in, then returns to it', async ({ page }, info) => {
  const account = createAccount(info);
  await open(page, '/account', info);
  await expect(page).toHaveURL('/login?next=/account');
  await page.getByLabel('Email or phone number').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL('/account');
  await expect(page.getByRole('main').getByText(account.email)).toBeVisible();
});
