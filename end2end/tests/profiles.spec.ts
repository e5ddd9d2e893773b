import { expect, test } from './fixtures';
import {
  PASSWORD,
  createAccount,
  open,
  openProfileMenu,
  ownerName,
  requireReauthentication,
  settle,
  signIn,
  signInAs,
} from './support';

test('after sign-in "Who\'s watching?" picks the profile, and the avatar menu switches it', async ({ page }, info) => {
  const account = createAccount(info);
  await signIn(page, info, account.email);
  await expect(page).toHaveURL('/profiles');
  await expect(page.getByRole('heading', { name: "Who's watching?" })).toBeVisible();

  // Add a second profile to switch to.
  await page.getByRole('link', { name: 'Manage profiles' }).click();
  await expect(page).toHaveURL('/profiles/manage');
  await settle(page, info);
  await page.getByRole('link', { name: 'Add profile' }).click();
  await settle(page, info);
  await page.getByLabel('Name').fill('Robin');
  await page.getByRole('radio', { name: 'Purple' }).check();
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page).toHaveURL('/profiles/manage');
  await expect(page.getByRole('main').getByText('Robin')).toBeVisible();

  await open(page, '/profiles', info);
  await page.getByRole('button', { name: ownerName(account), exact: true }).click();
  await expect(page).toHaveURL('/browse');
  await settle(page, info);
  await expect(page.getByRole('button', { name: `Profile menu for ${ownerName(account)}` })).toBeVisible();

  const menu = await openProfileMenu(page);
  await menu.getByRole('button', { name: 'Switch to Robin' }).click();
  await expect(page).toHaveURL('/browse');
  await settle(page, info);
  await expect(page.getByRole('button', { name: 'Profile menu for Robin' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Browse as Robin' })).toBeAttached();
});

test('profiles can be renamed and deleted, never the owner, and there are at most five', async ({ page }, info) => {
  const account = createAccount(info);
  await signInAs(page, info, account);
  for (const name of ['Bo', 'Cy', 'Di', 'Ed']) {
    await open(page, '/profiles/new', info);
    await page.getByLabel('Name').fill(name);
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page).toHaveURL('/profiles/manage');
  }
  await settle(page, info);
  await expect(page.getByRole('link', { name: 'Add profile' })).toHaveCount(0);
  await expect(page.getByText('This account has the most profiles it can have (5).')).toBeVisible();

  // A sixth, from a form opened anyway, is refused with a clear message.
  await open(page, '/profiles/new', info);
  await page.getByLabel('Name').fill('Flo');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('alert')).toContainText('at most 5 profiles');

  // Rename.
  await open(page, '/profiles/manage', info);
  await page.getByRole('link', { name: 'Edit Bo' }).click();
  await settle(page, info);
  await page.getByLabel('Name').fill('Bobby');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL('/profiles/manage');
  await expect(page.getByRole('link', { name: 'Edit Bobby' })).toBeVisible();

  // Delete.
  await page.getByRole('link', { name: 'Edit Bobby' }).click();
  await settle(page, info);
  await page.getByRole('link', { name: 'Delete profile' }).click();
  await expect(page.getByRole('heading', { name: 'Delete Bobby?' })).toBeVisible();
  await settle(page, info);
  await page.getByRole('button', { name: 'Delete profile' }).click();
  await expect(page).toHaveURL('/profiles/manage');
  await expect(page.getByRole('link', { name: 'Edit Bobby' })).toHaveCount(0);

  // The owner's profile has no delete.
  await page.getByRole('link', { name: `Edit ${ownerName(account)}` }).click();
  await settle(page, info);
  await expect(page.getByRole('heading', { name: 'Edit profile' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Delete profile' })).toHaveCount(0);
});

test('a device signed in long ago needs the password to add or delete a profile', async ({ page }, info) => {
  const account = createAccount(info);
  await signInAs(page, info, account);
  requireReauthentication(account);

  await open(page, '/profiles/new', info);
  await page.getByLabel('Name').fill('Kid');
  await page.getByLabel('Your account password').fill('not the password');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('alert')).toContainText('That password is not right.');
  await open(page, '/profiles/manage', info);
  await expect(page.getByRole('link', { name: 'Edit Kid' })).toHaveCount(0);

  await open(page, '/profiles/new', info);
  await page.getByLabel('Name').fill('Kid');
  await page.getByLabel('Your account password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page).toHaveURL('/profiles/manage');
  await expect(page.getByRole('link', { name: 'Edit Kid' })).toBeVisible();

  // Aged again: deleting asks for the password too.
  requireReauthentication(account);
  await page.getByRole('link', { name: 'Edit Kid' }).click();
  await settle(page, info);
  await page.getByRole('link', { name: 'Delete profile' }).click();
  await settle(page, info);
  await page.getByLabel('Your account password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Delete profile' }).click();
  await expect(page).toHaveURL('/profiles/manage');
  await expect(page.getByRole('link', { name: 'Edit Kid' })).toHaveCount(0);
});
