import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { APIRequestContext, Browser, BrowserContext, Page, TestInfo, expect } from '@playwright/test';

const root = path.resolve(__dirname, '..');
const bin = process.env.KINOGUARD_BIN ?? path.join(root, '..', 'target', 'release', 'kinoguard');
const databaseUrl = `sqlite://${path.join(root, '.tmp', 'e2e.db')}?mode=rwc`;

export const PASSWORD = 'popcorn on the sofa';

export interface Account {
  email: string;
  phone: string;
  password: string;
}

/** A fresh account of its own for each test, made with the real CLI. */
export function createAccount(info: TestInfo): Account {
  const tag = `${info.project.name}-${randomBytes(5).toString('hex')}`;
  const email = `${tag}@e2e.test`;
  const digits = Array.from(randomBytes(7), (b) => (b % 10).toString()).join('');
  // A valid UK mobile (07 71x xxxxxx): phone numbers are checked against libphonenumber.
  const phone = `+44771${digits}`;
  kinoguard(['create-account', '--email', email, '--phone', phone], `${PASSWORD}\n`);
  return { email, phone, password: PASSWORD };
}

export function jsEnabled(info: TestInfo): boolean {
  return info.project.use.javaScriptEnabled !== false;
}

/** Loads a page and, when JavaScript runs, waits until it is hydrated. */
export async function open(page: Page, url: string, info: TestInfo): Promise<void> {
  await page.goto(url);
  await settle(page, info);
}

export async function settle(page: Page, info: TestInfo): Promise<void> {
  await page.waitForLoadState('load');
  if (jsEnabled(info)) {
    await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
  }
}

export async function signIn(page: Page, info: TestInfo, identifier: string, password = PASSWORD) {
  await open(page, '/login', info);
  await page.getByLabel('Email or phone number').fill(identifier);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in on a page that reads Spanish, by the Spanish names. */
export async function signInInSpanish(page: Page, info: TestInfo, account: Account) {
  await open(page, '/login', info);
  await page.getByLabel('Correo electrónico o número de teléfono').fill(account.email);
  await page.getByLabel('Contraseña').fill(account.password);
  await page.getByRole('button', { name: 'Iniciar sesión' }).click();
  await expect(page).toHaveURL('/profiles');
}

/** A second browser on the same kind of device: another device of the subscriber. */
export async function secondDevice(browser: Browser, info: TestInfo, locale?: string): Promise<BrowserContext> {
  const u = info.project.use;
  return browser.newContext({
    baseURL: u.baseURL,
    viewport: u.viewport,
    userAgent: u.userAgent,
    deviceScaleFactor: u.deviceScaleFactor,
    isMobile: u.isMobile,
    hasTouch: u.hasTouch,
    javaScriptEnabled: u.javaScriptEnabled,
    locale: locale ?? u.locale,
  });
}

/** Opens the avatar menu at the upper right and returns it. */
export async function openProfileMenu(page: Page) {
  await page.getByRole('button', { name: /^Profile menu for / }).click();
  const menu = page.getByRole('navigation', { name: 'Profile menu' });
  await expect(menu).toBeVisible();
  return menu;
}

/** The owner profile's name, as the server derives it from the email address. */
export function ownerName(account: Account): string {
  const first = account.email.split('@')[0].split(/[^\p{L}\p{N}]/u).find((p) => p.length > 0) ?? 'Me';
  return first.charAt(0).toUpperCase() + first.slice(1);
}

/** Signs in and picks the owner's profile on "Who's watching?". */
export async function signInAs(page: Page, info: TestInfo, account: Account) {
  await signIn(page, info, account.email);
  await expect(page).toHaveURL('/profiles');
  await settle(page, info);
  await page.getByRole('button', { name: ownerName(account), exact: true }).click();
  await expect(page).toHaveURL('/browse');
  await settle(page, info);
}

/** Signs a "TV" in through the device API and starts `count` streams on it. */
export async function streamFromTv(request: APIRequestContext, account: Account, count: number): Promise<string> {
  const signIn = await request.post('/api/v1/sessions', {
    headers: { 'User-Agent': 'Mozilla/5.0 (SMART-TV; LINUX; Tizen 7.0) Kinoguard-TV/1.0' },
    data: { identifier: account.email, password: account.password },
  });
  expect(signIn.status()).toBe(201);
  const token = (await signIn.json()).token as string;
  const me = await (await request.get('/api/v1/session', { headers: { Authorization: `Bearer ${token}` } })).json();
  const profileId = me.profiles[0].id;
  for (let i = 0; i < count; i++) {
    const started = await request.post('/api/v1/playbacks', {
      headers: { Authorization: `Bearer ${token}` },
      data: { title_id: 1 + (i % 20), profile_id: profileId },
    });
    expect(started.status()).toBe(201);
  }
  return token;
}

/**
 * Makes the account's sessions enter the password again before their next sensitive
 * action, through the product's own command (which waits its turn for the database).
 */
export function requireReauthentication(account: Account) {
  kinoguard(['require-reauthentication', '--email', account.email]);
}

/**
 * The "This wasn't me" link of the newest message to `account` about `what` (its subject
 * after "Kinoguard: "), as the owner reads it where mail waits without SMTP
 * (`kinoguard outbox`): its path, to open on this server.
 */
export function mailedLink(account: Account, what: string): string {
  const listing = kinoguard(['outbox', '--email', account.email, '--limit', '5']);
  const message = listing
    .split(/\n(?=#\d+ )/)
    .find((m) => m.includes(`Subject: Kinoguard: ${what}`));
  expect(message, `a message about "${what}" in:\n${listing}`).toBeTruthy();
  const link = message!.match(/https?:\/\/[^\s/]+(\/secure\?link=[\w-]+)/);
  expect(link, `a This wasn't me link in:\n${message}`).toBeTruthy();
  return link![1];
}

/**
 * Runs the `kinoguard` command against the server's database. A command that has not
 * finished in 30 s fails the test with its arguments, instead of hanging it.
 */
function kinoguard(args: string[], input = ''): string {
  try {
    return execFileSync(bin, args, {
      input,
      env: { ...process.env, DATABASE_URL: databaseUrl, RUST_LOG: 'warn' },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 30_000,
      killSignal: 'SIGKILL',
    }).toString();
  } catch (e) {
    const err = e as { code?: string; signal?: string; stderr?: Buffer };
    const why = err.code === 'ETIMEDOUT' || err.signal ? 'did not finish within 30 s' : 'failed';
    throw new Error(`kinoguard ${args.join(' ')} ${why}: ${err.stderr?.toString() ?? e}`);
  }
}

/**
 * A device signed out from elsewhere. With JavaScript its open page says so at once (and
 * the server forgets its dead cookie); either way its next visit to `path` is sign-in.
 */
export async function expectSignedOutThere(page: Page, info: TestInfo, path: string) {
  if (jsEnabled(info)) {
    await expect(page.getByRole('alert').filter({ hasText: 'You were signed out' })).toBeVisible({ timeout: 1_500 });
    await page.goto(path);
    // Whether the server has forgotten the dead cookie by then or not.
    await expect(page).toHaveURL(new RegExp(`/login\\?(expired=1&)?next=${path.replace('/', '\\/')}$`));
  } else {
    await page.goto(path);
    await expect(page).toHaveURL(`/login?expired=1&next=${path}`);
    await expect(page.getByRole('status')).toHaveText('Your session has ended. Please sign in again.');
  }
}

/** WCAG 2.2 A and AA, as axe-core tests them. */
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** Scans the page as it is now and fails, naming each element, on a serious or critical
 * WCAG violation. Needs script in the page: without JavaScript, scan the page with its
 * bundle blocked instead (a11y.spec.ts). */
export async function scanA11y(page: Page, state: string) {
  const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
  expect(report, `${state}: ${page.url()}`).toEqual([]);
}
