import { expect, test } from './fixtures';
import { createAccount, jsEnabled, open, requireReauthentication, settle, signInAs } from './support';

test('parental controls: password gate, PIN, 7+, a blocked title, and a locked profile', async ({ page }, info) => {
  const account = createAccount(info);
  await signInAs(page, info, account);

  // The title to block, and one above 7+, as the adult owner finds them.
  await page.goto('/browse?q=noche%20de%20animas');
  const noche = page.getByRole('list', { name: 'Search results' }).getByRole('link', { name: /Noche de Ánimas/ });
  const nocheHref = (await noche.getAttribute('href'))!;
  await page.goto('/browse?q=the');
  const adultTile = page.getByRole('list', { name: 'Search results' }).getByRole('link', { name: /· 18\+$/ }).first();
  const adultHref = (await adultTile.getAttribute('href'))!;
  const adultName = (await adultTile.locator('.tile-name').innerText()).trim();

  await open(page, '/profiles/new', info);
  await page.getByLabel('Name').fill('Robin');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page).toHaveURL('/profiles/manage');

  // The password gate.
  requireReauthentication(account);
  await open(page, '/account', info);
  await page.getByRole('link', { name: 'Parental controls of Robin' }).click();
  await expect(page.getByText('Enter your account password to change parental controls.')).toBeVisible();
  await settle(page, info);
  await page.getByLabel('Account password').fill(account.password);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Parental controls for Robin' })).toBeVisible();
  await settle(page, info);

  // A PIN with a letter is refused and explained; four digits are saved.
  await page.getByLabel('4-digit PIN', { exact: true }).fill('12a4');
  await page.getByRole('button', { name: 'Save PIN' }).click();
  await expect(page.getByRole('alert')).toHaveText('A PIN is 4 digits (0–9); letters are not allowed.');
  await page.getByLabel('4-digit PIN', { exact: true }).fill('4321');
  await page.getByRole('button', { name: 'Save PIN' }).click();
  await expect(page.getByText('A PIN is set for the account.')).toBeVisible();

  await page.getByRole('radio', { name: '7+ — older kids' }).check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('radio', { name: '7+ — older kids' })).toBeChecked();

  // Block a title by name: suggestions as you type (or on Find without JavaScript).
  const box = page.getByRole('searchbox', { name: 'Block a title' });
  await box.fill('noche de ANIMAS');
  if (jsEnabled(info)) {
    // Another save reloads the controls; what was typed and its suggestions stay.
    const reloaded = page.waitForResponse((r) => r.url().endsWith('/api/parental_controls') && r.ok());
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await reloaded;
    await expect(box).toHaveValue('noche de ANIMAS');
  }
  if (!jsEnabled(info)) await page.getByRole('button', { name: 'Find' }).click();
  await page.getByRole('button', { name: /^Block Noche de Ánimas/ }).click();
  await expect(page.getByRole('list', { name: 'Blocked titles' })).toContainText('Noche de Ánimas');

  await page.getByLabel('Profile PIN (4 digits)').fill('1357');
  await page.getByRole('button', { name: 'Lock profile' }).click();
  await expect(page.getByText('Robin is locked: switching to it asks for its PIN.')).toBeVisible();

  // Switching to Robin asks for the profile PIN.
  await open(page, '/profiles', info);
  await page.getByRole('link', { name: /Robin/ }).click();
  await expect(page.getByRole('heading', { name: 'Robin is locked' })).toBeVisible();
  await settle(page, info);
  await page.getByLabel('Profile PIN').fill('2468');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toHaveText('That PIN is not right.');
  await page.getByLabel('Profile PIN').fill('1357');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL('/browse');
  await settle(page, info);
  await expect(page.getByRole('button', { name: 'Profile menu for Robin' })).toBeVisible();

  // As Robin: the blocked title is absent from search and its direct link is refused.
  await page.goto('/browse?q=noche');
  await expect(page.getByRole('heading', { name: 'No titles match “noche”' })).toBeVisible();
  await page.goto(nocheHref);
  await expect(page.getByRole('heading', { name: 'Not available' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveText('Robin cannot watch this title.');

  // Above 7+ with a PIN set: the title asks for the parental-controls PIN.
  await open(page, adultHref, info);
  await expect(page.getByRole('heading', { name: adultName, level: 1 })).toBeVisible();
  await page.getByLabel('Parental-controls PIN').fill('4321');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Playing' })).toBeVisible();
});
