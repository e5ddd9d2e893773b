import { expect, test } from './fixtures';
import { createAccount, jsEnabled, signInAs } from './support';

test('search ignores case and accents, a title plays, and the stream is recorded', async ({ page }, info) => {
  const account = createAccount(info);
  await signInAs(page, info, account);
  await expect(page.getByRole('heading', { name: 'Drama' })).toBeVisible();

  await page.getByRole('searchbox', { name: 'Search titles' }).fill('UBER die brucke');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/\/browse\?q=UBER\+die\+brucke/);
  await expect(page.getByRole('heading', { name: /Results for/ })).toBeVisible();
  const results = page.getByRole('list', { name: 'Search results' });
  await expect(results.getByRole('link')).toHaveCount(1);
  await results.getByRole('link', { name: /Über die Brücke/ }).click();

  await expect(page).toHaveURL(/\/watch\/\d+/);
  await expect(page.getByRole('heading', { name: 'Über die Brücke', level: 1 })).toBeVisible();
  if (jsEnabled(info)) await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
  await expect(page.getByRole('status').filter({ hasText: 'Ready to play' })).toBeVisible();
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Playing' })).toBeVisible();
  if (jsEnabled(info)) {
    // The simulated player advances.
    await expect(page.getByText(/^0:0[2-9] \/ 45:00$/)).toBeVisible({ timeout: 10_000 });
  } else {
    await expect(page).toHaveURL(/\/watch\/\d+\?stream=\d+$/);
  }
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Ready to play' })).toBeVisible();

  // The stream shows up where the profile's history does.
  await page.getByRole('link', { name: 'Back to browsing' }).click();
  await expect(page).toHaveURL('/browse');
  const recent = page.getByRole('region', { name: /Continue watching for/ });
  await expect(recent.getByRole('link', { name: /Über die Brücke/ })).toBeVisible();
});

test('a search that matches nothing says so', async ({ page }, info) => {
  const account = createAccount(info);
  await signInAs(page, info, account);
  await page.goto('/browse?q=zzzz-nothing');
  await expect(page.getByRole('heading', { name: 'No titles match “zzzz-nothing”' })).toBeVisible();
});
