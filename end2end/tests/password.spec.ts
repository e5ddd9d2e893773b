import { expect, test } from './fixtures';
import { createAccount, expectSignedOutThere, open, secondDevice, signIn, signInAs } from './support';

for (const signOutOthers of [true, false]) {
  test(`changing the password ${signOutOthers ? 'signs out' : 'keeps'} the other devices`, async ({ page, browser }, info) => {
    const account = createAccount(info);
    const other = await secondDevice(browser, info);
    const otherPage = await other.newPage();
    await signInAs(otherPage, info, account);

    await signIn(page, info, account.email);
    await expect(page).toHaveURL('/profiles');
    await open(page, '/account', info);
    await page.getByRole('link', { name: 'Change password' }).click();
    await expect(page).toHaveURL('/account/password');
    const checkbox = page.getByRole('checkbox', { name: 'Sign out of all other devices' });
    await expect(checkbox).toBeChecked();

    // The rules are explained when broken, and nothing changes.
    await page.getByLabel('Current password').fill(account.password);
    await page.getByLabel('New password', { exact: true }).fill('password123');
    await page.getByLabel('Confirm new password').fill('password123');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('alert')).toContainText('most common passwords');

    const fresh = 'a whole new sentence';
    await page.getByLabel('Current password').fill(account.password);
    await page.getByLabel('New password', { exact: true }).fill(fresh);
    await page.getByLabel('Confirm new password').fill(fresh);
    if (!signOutOthers) await page.getByRole('checkbox', { name: 'Sign out of all other devices' }).uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page).toHaveURL(signOutOthers ? '/account?password_changed=others' : '/account?password_changed=1');
    await expect(page.getByRole('status')).toContainText('Your password was changed');

    if (signOutOthers) {
      await expectSignedOutThere(otherPage, info, '/browse');
    } else {
      await otherPage.goto('/browse');
      await expect(otherPage).toHaveURL('/browse');
    }
    await other.close();
  });
}
