import { Browser, Page, TestInfo, devices } from '@playwright/test';
import { expect, test } from './fixtures';
import { Account, createAccount, open, ownerName, scanA11y, settle, signIn, signInInSpanish } from './support';

/** Shows the TV's code on a signed-in phone at /activate and approves it. */
/** What the phone's `/activate` page says, in the phone's language. */
const ACTIVATE = {
  en: {
    codeLabel: /^Sign-in code /, field: 'Code shown on your TV', go: 'Continue', question: 'Is this your TV?',
    place: 'Local network', approve: 'Approve and sign in the TV', done: 'The TV is signed in.',
  },
  es: {
    codeLabel: /^Código de inicio de sesión /, field: 'Código que muestra tu televisor', go: 'Continuar',
    question: '¿Es este tu televisor?', place: 'Red local', approve: 'Aprobar e iniciar sesión en el televisor',
    done: 'El televisor ha iniciado sesión.',
  },
};

async function approveFromPhone(tv: Page, phone: Page, say = ACTIVATE.en) {
  const code = (await tv.getByLabel(say.codeLabel).innerText()).trim();
  expect(code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
  await phone.goto('/activate');
  await phone.getByLabel(say.field).fill(code.toLowerCase());
  await phone.getByRole('button', { name: say.go }).click();
  const request = phone.getByRole('region', { name: say.question });
  await expect(request).toContainText('Smart TV');
  await expect(request).toContainText(say.place);
  await phone.locator('html[data-hydrated]').waitFor({ state: 'attached' });
  await phone.getByRole('button', { name: say.approve }).click();
  await expect(phone.getByRole('status')).toContainText(say.done);
}

/** The subscriber's phone, signed in: it approves codes and manages the account. */
async function phoneSignedIn(browser: Browser, info: TestInfo, account: Account, locale = 'en-US'): Promise<Page> {
  // The phone's own language, whatever the TV's browser asks for.
  const context = await browser.newContext({ ...devices['Pixel 7'], baseURL: info.project.use.baseURL, locale });
  const phone = await context.newPage();
  if (locale.startsWith('es')) {
    await signInInSpanish(phone, info, account);
  } else {
    await signIn(phone, info, account.email);
    await expect(phone).toHaveURL('/profiles');
  }
  return phone;
}

async function press(tv: Page, ...keys: string[]) {
  for (const key of keys) await tv.keyboard.press(key);
}

const SEQUENCE = ['ArrowUp', 'ArrowUp', 'ArrowDown', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowUp'];

test('a TV signs in by code and closes only its own session, by menu and by the remote sequence', async ({ page: tv, browser }, info) => {
  test.setTimeout(90_000);
  const account = createAccount(info);
  const phone = await phoneSignedIn(browser, info, account);

  // Sign in by code.
  await open(tv, '/tv', info);
  await expect(tv.getByRole('heading', { name: 'Sign in to Kinoguard' })).toBeVisible();
  await expect(tv.getByText(/\/activate$/)).toBeVisible();
  await scanA11y(tv, 'TV: sign in by code');
  await approveFromPhone(tv, phone);
  await expect(tv.getByRole('heading', { name: "Who's watching?" })).toBeVisible({ timeout: 15_000 });
  await settle(tv, info);
  // A TV cannot add or delete profiles, and says where to do it.
  await expect(tv.getByText('Profiles are added and deleted on a phone or computer')).toBeVisible();
  await scanA11y(tv, "TV: who's watching");

  // Keyboard only: choose the profile, then Home.
  await expect(tv.getByRole('button', { name: /Kinoguard|.+/ }).first()).toBeVisible();
  await press(tv, 'Enter');
  await expect(tv.getByRole('region', { name: 'Drama' })).toBeVisible({ timeout: 15_000 });
  await settle(tv, info);
  const firstTile = tv.getByRole('region', { name: 'Drama' }).getByRole('button').first();
  await expect(firstTile).toBeFocused();
  await press(tv, 'ArrowRight');
  await expect(tv.getByRole('region', { name: 'Drama' }).getByRole('button').nth(1)).toBeFocused();
  await scanA11y(tv, 'TV: home');

  // Left menu → Search: the on-screen keyboard types "noche" with the arrows and Enter.
  await press(tv, 'ArrowLeft', 'ArrowLeft', 'ArrowUp', 'ArrowUp', 'ArrowUp');
  await expect(tv.getByRole('button', { name: 'Home' })).toBeFocused();
  await press(tv, 'ArrowDown', 'Enter');
  await expect(tv.getByRole('heading', { name: 'Search' })).toBeVisible();
  const keyboard = tv.getByRole('group', { name: 'On-screen keyboard' });
  await expect(keyboard.getByRole('button', { name: 'A', exact: true })).toBeFocused();
  await press(tv, 'ArrowDown', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight');
  await expect(keyboard.getByRole('button', { name: 'N', exact: true })).toBeFocused();
  await press(tv, 'Enter', 'ArrowRight', 'Enter'); // N O
  await press(tv, 'ArrowUp', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'Enter'); // C
  await press(tv, 'ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'Enter'); // H
  await press(tv, 'ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'Enter'); // E
  await expect(tv.getByLabel('Search titles')).toHaveValue('noche');
  const results = tv.getByRole('list', { name: 'Results' });
  await expect(results.getByRole('button', { name: 'Noche de Ánimas' })).toBeVisible();
  await scanA11y(tv, 'TV: search and its keyboard');
  await press(tv, 'ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowDown');
  await expect(keyboard.getByRole('button', { name: 'Delete' })).toBeFocused();
  await press(tv, 'Enter');
  await expect(tv.getByLabel('Search titles')).toHaveValue('noch');
  // Back returns to the menu.
  await press(tv, 'Escape');
  const menu = tv.getByRole('navigation', { name: 'Menu' });
  await expect(menu.getByRole('button', { name: 'Search' })).toBeFocused();

  // Left menu → Settings (the gear) → Close Session → Yes.
  await press(tv, 'ArrowDown', 'ArrowDown');
  const settings = tv.getByRole('navigation', { name: 'Menu' }).getByRole('button', { name: 'Settings' });
  await expect(settings).toBeFocused();
  await press(tv, 'Enter');
  await expect(tv.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await expect(tv.getByText(/To sign out other devices, or all of them, use the Account page on the web or your phone/)).toBeVisible();
  await expect(tv.getByRole('button', { name: /sign out/i })).toHaveCount(0);
  await expect(tv.getByRole('button', { name: 'Close Session' })).toBeFocused();
  await scanA11y(tv, 'TV: settings');
  await press(tv, 'Enter');
  const confirm = tv.getByRole('alertdialog', { name: 'Close Session?' });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole('button', { name: 'No' })).toBeFocused();
  await scanA11y(tv, 'TV: Close Session?');
  await press(tv, 'ArrowLeft');
  await expect(confirm.getByRole('button', { name: 'Yes' })).toBeFocused();
  await press(tv, 'Enter');
  await expect(tv.getByRole('heading', { name: 'Sign in to Kinoguard' })).toBeVisible({ timeout: 15_000 });
  // Only the TV was signed out.
  await phone.goto('/account');
  await expect(phone).toHaveURL('/account');

  // Again, and this time the remote's sequence; a wrong one does nothing.
  await approveFromPhone(tv, phone);
  await expect(tv.getByRole('heading', { name: "Who's watching?" })).toBeVisible({ timeout: 15_000 });
  await settle(tv, info);
  await expect(tv.getByRole('button', { name: ownerName(account), exact: true })).toBeFocused();
  await press(tv, 'Enter');
  await expect(tv.getByRole('region', { name: 'Drama' })).toBeVisible({ timeout: 15_000 });
  await settle(tv, info);
  const wrong = [...SEQUENCE.slice(0, 7), 'ArrowLeft', ...SEQUENCE.slice(8)];
  await press(tv, ...wrong);
  await expect(tv.getByRole('alertdialog', { name: 'Close Session?' })).toHaveCount(0);
  await press(tv, ...SEQUENCE);
  await expect(tv.getByRole('alertdialog', { name: 'Close Session?' })).toBeVisible();
  await press(tv, 'Escape');
  await expect(tv.getByRole('heading', { name: 'Settings' })).toBeVisible();

  // The TV is a TV in Manage access and devices; signing it out there sends it back to sign-in.
  await phone.goto('/account/devices');
  const card = phone.getByRole('listitem').filter({ has: phone.getByRole('heading', { name: 'Smart TV' }) });
  await expect(card.filter({ hasText: 'TV' }).first()).toBeVisible();
  await card.first().getByRole('button', { name: 'Sign out Smart TV' }).click();
  await expect(phone).toHaveURL('/account/devices?done=signed_out');
  await expect(tv.getByRole('heading', { name: 'Sign in to Kinoguard' })).toBeVisible({ timeout: 15_000 });
  // The code it shows now is the one it signs in with.
  await approveFromPhone(tv, phone);
  await expect(tv.getByRole('heading', { name: "Who's watching?" })).toBeVisible({ timeout: 15_000 });
  await phone.context().close();
});

test('a locked profile asks for its PIN on the TV, typed with the arrows on the number pad', async ({ page: tv, browser }, info) => {
  test.setTimeout(90_000);
  const account = createAccount(info);
  const owner = ownerName(account);
  const phone = await phoneSignedIn(browser, info, account);

  // Lock the owner's profile from the phone (its password was just typed).
  await open(phone, '/account', info);
  await phone.getByRole('link', { name: `Parental controls of ${owner}` }).click();
  await expect(phone.getByRole('heading', { name: `Parental controls for ${owner}` })).toBeVisible();
  await settle(phone, info);
  await phone.getByLabel('Profile PIN (4 digits)').fill('1357');
  await phone.getByRole('button', { name: 'Lock profile' }).click();
  await expect(phone.getByText(`${owner} is locked: switching to it asks for its PIN.`)).toBeVisible();

  await open(tv, '/tv', info);
  await approveFromPhone(tv, phone);
  await expect(tv.getByRole('heading', { name: "Who's watching?" })).toBeVisible({ timeout: 15_000 });
  await settle(tv, info);
  await press(tv, 'Enter');
  const pad = tv.getByRole('group', { name: `Number pad: PIN for ${owner}` });
  const box = tv.getByLabel(`PIN for ${owner}`, { exact: true });
  const ok = tv.getByRole('button', { name: 'OK' });
  await expect(pad.getByRole('button', { name: '1', exact: true })).toBeFocused();

  // A wrong PIN, 1 2 3 4, is refused and cleared.
  await press(tv, 'Enter', 'ArrowRight', 'Enter', 'ArrowRight', 'Enter', 'ArrowDown', 'ArrowLeft', 'ArrowLeft', 'Enter');
  await expect(box).toHaveValue('1234');
  await press(tv, 'ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowRight');
  await expect(ok).toBeFocused();
  await press(tv, 'Enter');
  await expect(tv.getByRole('alert')).toHaveText('That PIN is not right.');
  await expect(box).toHaveValue('');

  // The right one, 1 3 5 7, opens the profile.
  await press(tv, 'ArrowLeft', 'ArrowLeft', 'ArrowUp', 'ArrowUp', 'ArrowUp');
  await expect(pad.getByRole('button', { name: '1', exact: true })).toBeFocused();
  await press(tv, 'Enter', 'ArrowRight', 'ArrowRight', 'Enter', 'ArrowDown', 'ArrowLeft', 'Enter', 'ArrowDown', 'ArrowLeft', 'Enter');
  await expect(box).toHaveValue('1357');
  await press(tv, 'ArrowDown', 'ArrowRight', 'ArrowRight');
  await expect(ok).toBeFocused();
  await press(tv, 'Enter');
  await expect(tv.getByRole('region', { name: 'Drama' })).toBeVisible({ timeout: 15_000 });
  await phone.context().close();
});

test('a signed-in TV returns to its sign-in screen within 1.5 s of "Sign out of all devices" on a phone', async ({ page: tv, browser }, info) => {
  const account = createAccount(info);
  const phone = await phoneSignedIn(browser, info, account);
  await open(tv, '/tv', info);
  await approveFromPhone(tv, phone);
  await expect(tv.getByRole('heading', { name: "Who's watching?" })).toBeVisible({ timeout: 15_000 });
  await settle(tv, info);
  await press(tv, 'Enter');
  await expect(tv.getByRole('region', { name: 'Drama' })).toBeVisible({ timeout: 15_000 });
  await tv.evaluate(() => ((window as unknown as { kgMark: number }).kgMark = 1));

  const r = await phone.request.post('/api/sign_out_all', { form: {}, maxRedirects: 0 });
  expect([200, 302, 303]).toContain(r.status());
  await expect(tv.getByRole('heading', { name: 'Sign in to Kinoguard' })).toBeVisible({ timeout: 1_500 });
  // It got there by itself, without a reload, and shows a fresh code.
  expect(await tv.evaluate(() => (window as unknown as { kgMark?: number }).kgMark)).toBe(1);
  await expect(tv.getByLabel(/^Sign-in code /)).toBeVisible();
  await phone.context().close();
});

test.describe('a TV whose browser asks for Spanish', () => {
  test.use({ locale: 'es-ES' });

  test('signs in by code and closes only its own session by the Spanish names', async ({ page: tv, browser }, info) => {
    test.setTimeout(60_000);
    const account = createAccount(info);
    const phone = await phoneSignedIn(browser, info, account, 'es-ES');

    await open(tv, '/tv', info);
    await expect(tv.locator('html')).toHaveAttribute('lang', 'es');
    await expect(tv.getByRole('heading', { name: 'Inicia sesión en Kinoguard' })).toBeVisible();
    await expect(tv.getByText('Inicia sesión e introduce este código:')).toBeVisible();
    await scanA11y(tv, 'TV in Spanish: sign in by code');
    await approveFromPhone(tv, phone, ACTIVATE.es);
    await expect(tv.getByRole('heading', { name: '¿Quién está viendo?' })).toBeVisible({ timeout: 15_000 });
    await settle(tv, info);
    await expect(tv.getByText('Los perfiles se añaden y se eliminan en un teléfono u ordenador')).toBeVisible();
    await scanA11y(tv, "TV in Spanish: who's watching");
    await press(tv, 'Enter');
    await expect(tv.getByRole('region', { name: 'Drama' })).toBeVisible({ timeout: 15_000 });
    await settle(tv, info);

    // Menú → Ajustes (the gear) → Cerrar sesión → Sí.
    const menu = tv.getByRole('navigation', { name: 'Menú' });
    await press(tv, 'ArrowRight', 'ArrowLeft', 'ArrowLeft', 'ArrowUp', 'ArrowUp', 'ArrowUp');
    await expect(menu.getByRole('button', { name: 'Inicio' })).toBeFocused();
    await press(tv, 'ArrowDown', 'ArrowDown', 'ArrowDown');
    await expect(menu.getByRole('button', { name: 'Ajustes' })).toBeFocused();
    await press(tv, 'Enter');
    await expect(tv.getByRole('heading', { name: 'Ajustes' })).toBeVisible();
    await expect(tv.getByText(/Este televisor solo puede cerrar su propia sesión/)).toBeVisible();
    await expect(tv.getByRole('button', { name: 'Cerrar sesión' })).toBeFocused();
    await scanA11y(tv, 'TV in Spanish: settings');
    await press(tv, 'Enter');
    const confirm = tv.getByRole('alertdialog', { name: '¿Cerrar sesión?' });
    await expect(confirm).toContainText('Los demás dispositivos seguirán con la sesión iniciada.');
    await expect(confirm.getByRole('button', { name: 'No' })).toBeFocused();
    await scanA11y(tv, 'TV in Spanish: Close Session?');
    await press(tv, 'ArrowLeft');
    await expect(confirm.getByRole('button', { name: 'Sí' })).toBeFocused();
    await press(tv, 'Enter');
    await expect(tv.getByRole('heading', { name: 'Inicia sesión en Kinoguard' })).toBeVisible({ timeout: 15_000 });
    // Only the TV was signed out.
    await phone.goto('/account');
    await expect(phone).toHaveURL('/account');
    await phone.context().close();
  });
});

test('a TV left on a page of an older release says so and reloads itself, still signed in', async ({ page: tv, browser }, info) => {
  test.setTimeout(60_000);
  const account = createAccount(info);
  const phone = await phoneSignedIn(browser, info, account);
  await open(tv, '/tv', info);
  await approveFromPhone(tv, phone);
  await expect(tv.getByRole('heading', { name: "Who's watching?" })).toBeVisible({ timeout: 15_000 });
  await phone.context().close();

  // This one load of /tv is as the older release served it; its live channel reaches
  // this server, which names its own release.
  await tv.route(
    '**/tv',
    async (route) => {
      const served = await route.fetch();
      const body = (await served.text()).replace(
        /<meta name="kinoguard-release" content="[^"]*"/,
        '<meta name="kinoguard-release" content="an-older-release"',
      );
      await route.fulfill({ response: served, body });
    },
    { times: 1 },
  );
  await tv.reload();
  const reloaded = tv.waitForEvent('load');
  await expect(tv.getByRole('status').filter({ hasText: 'Kinoguard was just updated.' })).toBeVisible();
  await scanA11y(tv, 'TV: the release notice');
  await reloaded;
  await settle(tv, info);
  await expect(tv.locator('meta[name="kinoguard-release"]')).not.toHaveAttribute('content', 'an-older-release');
  await expect(tv.getByRole('heading', { name: "Who's watching?" })).toBeVisible({ timeout: 15_000 });
  await expect(tv.getByText('Kinoguard was just updated.')).toHaveCount(0);
});
