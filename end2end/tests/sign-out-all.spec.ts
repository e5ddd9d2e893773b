import { expect, test } from './fixtures';
import { createAccount, expectSignedOutThere, jsEnabled, open, openProfileMenu, secondDevice, settle, signIn } from './support';

test('signing out of all devices signs out this browser and another device at once', async ({ page, browser }, info) => {
  const account = createAccount(info);
  const other = await secondDevice(browser, info);
  const otherPage = await other.newPage();
  await signIn(otherPage, info, account.email);
  await expect(otherPage).toHaveURL('/profiles');

  await signIn(page, info, account.email);
  await expect(page).toHaveURL('/profiles');
  await settle(page, info);
  const menu = await openProfileMenu(page);
  await menu.getByRole('link', { name: 'Account' }).click();
  await expect(page).toHaveURL('/account');
  await settle(page, info);
  await expect(page.getByText('2 devices are signed in to your account.')).toBeVisible();

  await page.getByRole('button', { name: 'Sign out of all devices' }).click();
  if (jsEnabled(info)) {
    const dialog = page.getByRole('dialog', { name: 'Sign out of all devices?' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('All 2 signed-in devices, this one included, will be signed out immediately');
    await dialog.getByRole('button', { name: 'Sign out of all devices' }).click();
  } else {
    await expect(page).toHaveURL(/\/account\/sign-out-all\??$/);
    await expect(page.getByRole('heading', { name: 'Sign out of all devices?' })).toBeVisible();
    await expect(page.getByText('All 2 signed-in devices, this one included, will be signed out immediately')).toBeVisible();
    await page.getByRole('button', { name: 'Sign out of all devices' }).click();
  }

  await expect(page).toHaveURL('/login?signed_out=all');
  await expect(page.getByRole('status')).toHaveText(
    'You signed out of all devices. Every device, this one included, must sign in again.',
  );

  // The other device's open page says so at once, or (without JavaScript) its very next
  // navigation lands on the sign-in page.
  await expectSignedOutThere(otherPage, info, '/account');
  await other.close();

  await page.goto('/account');
  await expect(page).toHaveURL('/login?next=/account');
});

test('cancelling the confirmation keeps every device signed in', async ({ page }, info) => {
  const account = createAccount(info);
  await signIn(page, info, account.email);
  await expect(page).toHaveURL('/profiles');
  await open(page, '/account', info);
  const opener = page.getByRole('button', { name: 'Sign out of all devices' });

  if (jsEnabled(info)) {
    const dialog = page.getByRole('dialog', { name: 'Sign out of all devices?' });
    await opener.click();
    await expect(dialog).toBeVisible();
    // Focus moves into the dialog, onto the safe choice, and stays inside it.
    const cancel = dialog.getByRole('button', { name: 'Cancel' });
    await expect(cancel).toBeFocused();
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();

    await opener.click();
    await cancel.click();
    await expect(dialog).toBeHidden();
  } else {
    await opener.click();
    await expect(page).toHaveURL(/\/account\/sign-out-all\??$/);
    await page.getByRole('link', { name: 'Cancel' }).click();
  }

  await expect(page).toHaveURL('/account');
  await page.reload();
  await expect(page).toHaveURL('/account');
  await expect(page.getByText('1 device is signed in to your account.')).toBeVisible();
});
