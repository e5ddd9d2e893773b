import { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { PASSWORD, createAccount, jsEnabled, open, ownerName, secondDevice, settle, signIn } from './support';

// Issue 14 (WCAG 2.1.1, 2.4.7, 2.4.11): the main flows with the keyboard alone. Every
// control is reached with Tab (never clicked), shows a visible focus ring when it is
// reached, and is not hidden behind anything (its middle is its own, not another
// element's).

/** Presses Tab until `target` has the focus, checking every stop on the way. */
async function tabTo(page: Page, target: Locator) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      const middle = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return {
        what: `${el.tagName.toLowerCase()} ${el.textContent?.trim().slice(0, 40) ?? ''}`,
        ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        shown: box.width > 0 && box.height > 0 && (middle === el || el.contains(middle) || (middle?.contains(el) ?? false)),
      };
    });
    if (stop) {
      expect(stop.ring, `a visible focus ring on ${stop.what}`).toBe(true);
      expect(stop.shown, `${stop.what} is on screen and not covered`).toBe(true);
    }
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

test('signs in, opens Account from the avatar menu and signs out of all devices with the keyboard alone', async ({ page, browser }, info) => {
  const account = createAccount(info);
  const other = await secondDevice(browser, info);
  await signIn(await other.newPage(), info, account.email);

  await open(page, '/login', info);
  await tabTo(page, page.getByLabel('Email or phone number'));
  await page.keyboard.type(account.email);
  await tabTo(page, page.getByLabel('Password'));
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL('/profiles');
  await settle(page, info);

  await tabTo(page, page.getByRole('button', { name: ownerName(account), exact: true }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL('/browse');
  await settle(page, info);

  const avatar = page.getByRole('button', { name: /^Profile menu for / });
  await tabTo(page, avatar);
  await page.keyboard.press('Enter');
  const menu = page.getByRole('navigation', { name: 'Profile menu' });
  await expect(menu).toBeVisible();
  await tabTo(page, menu.getByRole('link', { name: 'Account' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL('/account');
  await settle(page, info);
  await expect(page.getByText('2 devices are signed in to your account.')).toBeVisible();

  await tabTo(page, page.getByRole('button', { name: 'Sign out of all devices' }));
  await page.keyboard.press('Enter');
  if (jsEnabled(info)) {
    const dialog = page.getByRole('dialog', { name: 'Sign out of all devices?' });
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await tabTo(page, dialog.getByRole('button', { name: 'Sign out of all devices' }));
  } else {
    await expect(page.getByRole('heading', { name: 'Sign out of all devices?' })).toBeVisible();
    await tabTo(page, page.getByRole('main').getByRole('button', { name: 'Sign out of all devices' }));
  }
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL('/login?signed_out=all');
  await expect(page.getByRole('status')).toHaveText(
    'You signed out of all devices. Every device, this one included, must sign in again.',
  );
  await other.close();
});
