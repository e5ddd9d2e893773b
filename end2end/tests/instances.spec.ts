import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { expect, test } from './fixtures';
import { PASSWORD } from './support';

// Two server processes on one PostgreSQL database, as a scaled-out deployment runs: a
// page connected to one instance hears a sign-out made on the other, through LISTEN/NOTIFY.

const root = path.resolve(__dirname, '..');
const bin = process.env.KINOGUARD_BIN ?? path.join(root, '..', 'target', 'release', 'kinoguard');
const pgAdmin = process.env.KINOGUARD_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function psql(sql: string) {
  execFileSync('psql', [pgAdmin, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { stdio: 'pipe', timeout: 30_000 });
}

async function healthy(url: string) {
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not start within 30 s`);
}

test('a page on one instance hears "Sign out of all devices" made on the other', async ({ browser }) => {
  test.setTimeout(90_000);
  const database = `kg_e2e_${randomBytes(6).toString('hex')}`;
  psql(`CREATE DATABASE ${database}`);
  const url = pgAdmin.replace(/\/[^/?]*(\?.*)?$/, `/${database}`);
  const env = {
    ...process.env,
    DATABASE_URL: url,
    LEPTOS_SITE_ROOT: path.join(root, '..', 'target', 'site'),
    KINOGUARD_GEOIP_DB: process.env.KINOGUARD_GEOIP_DB ?? path.join(root, '..', 'data', 'geoip'),
    RUST_LOG: 'warn',
  };
  const ports = [3201 + (process.pid % 50) * 2, 3202 + (process.pid % 50) * 2];
  const servers: ChildProcess[] = [];
  try {
    // Both start at once on the new database: their migrations take turns.
    for (const port of ports) {
      servers.push(spawn(bin, ['serve'], { env: { ...env, KINOGUARD_ADDR: `127.0.0.1:${port}` }, stdio: 'ignore' }));
    }
    const [a, b] = ports.map((p) => `http://127.0.0.1:${p}`);
    await Promise.all([healthy(a), healthy(b)]);
    const email = `instances-${randomBytes(4).toString('hex')}@e2e.test`;
    execFileSync(bin, ['create-account', '--email', email], { env, input: `${PASSWORD}\n`, timeout: 30_000 });

    const signIn = async (base: string) => {
      const context = await browser.newContext({ baseURL: base });
      const page = await context.newPage();
      await page.goto('/login');
      await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
      await page.getByLabel('Email or phone number').fill(email);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page).toHaveURL(`${base}/profiles`);
      return page;
    };
    const onB = await signIn(b);
    await onB.goto('/account');
    await onB.locator('html[data-hydrated]').waitFor({ state: 'attached' });
    await expect(onB.getByText('1 device is signed in to your account.')).toBeVisible();
    const onA = await signIn(a);
    // The sign-in on A already reached B's page.
    await expect(onB.getByText('2 devices are signed in to your account.')).toBeVisible({ timeout: 1_500 });

    const r = await onA.request.post('/api/sign_out_all', { form: {}, maxRedirects: 0 });
    expect([200, 302, 303]).toContain(r.status());
    await expect(onB.getByRole('alert').filter({ hasText: 'You were signed out' })).toBeVisible({ timeout: 1_500 });
    await onA.context().close();
    await onB.context().close();
  } finally {
    for (const s of servers) s.kill('SIGTERM');
    await Promise.all(servers.map((s) => new Promise((r) => (s.exitCode !== null ? r(null) : s.on('exit', r)))));
    psql(`DROP DATABASE IF EXISTS ${database}`);
  }
});
