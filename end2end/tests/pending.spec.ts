import { expect, test } from './fixtures';
import { createAccount, open, signInAs } from './support';

/** Holds every request to `path` until the returned function is called. */
async function hold(page: import('@playwright/test').Page, path: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let seen = 0;
  await page.route(`**${path}`, async (route) => {
    seen += 1;
    await released;
    await route.continue();
  });
  return { release, seen: () => seen };
}

test('a pressed button says it is working until the answer comes, and cannot be pressed twice', async ({ page }, info) => {
  const account = createAccount(info);
  await open(page, '/login', info);
  const held = await hold(page, '/api/sign_in');
  await page.getByLabel('Email or phone number').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  const button = page.getByRole('button', { name: 'Sign in' });
  await button.click();

  await expect(button).toBeDisabled();
  await expect(button).toHaveAttribute('aria-busy', 'true');
  await button.click({ force: true });
  await page.keyboard.press('Enter');
  expect(held.seen()).toBe(1);

  held.release();
  await expect(page).toHaveURL('/profiles');
  expect(held.seen()).toBe(1);
});

test('a page opened from a link says it is loading while its data comes', async ({ page }, info) => {
  const account = createAccount(info);
  await signInAs(page, info, account);
  await open(page, '/account', info);
  const held = await hold(page, '/api/devices');
  await page.getByRole('link', { name: 'Manage access and devices' }).click();

  await expect(page).toHaveURL('/account/devices');
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Loading…');
  held.release();
  await expect(page.getByRole('heading', { name: 'Manage access and devices', level: 1 })).toBeVisible();
  await expect(page.getByRole('main').getByText('This device', { exact: true })).toBeVisible();
  await expect(page.getByRole('main').getByRole('status')).toHaveCount(0);
});
