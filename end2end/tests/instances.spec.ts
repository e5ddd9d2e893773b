import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { Browser, Page } from '@playwright/test';
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

/** A fresh database and two servers on it, started at once; stopped and dropped after. */
class Deployment {
  readonly database = `kg_e2e_${randomBytes(6).toString('hex')}`;
  // Ports of this worker's own: tests in one worker run one at a time.
  readonly ports = [3201, 3202].map((p) => p + test.info().workerIndex * 2);
  readonly urls = this.ports.map((p) => `http://127.0.0.1:${p}`);
  readonly servers: (ChildProcess | null)[] = [null, null];
  readonly env: NodeJS.ProcessEnv;

  constructor() {
    psql(`CREATE DATABASE ${this.database}`);
    this.env = {
      ...process.env,
      DATABASE_URL: pgAdmin.replace(/\/[^/?]*(\?.*)?$/, `/${this.database}`),
      LEPTOS_SITE_ROOT: path.join(root, '..', 'target', 'site'),
      KINOGUARD_GEOIP_DB: process.env.KINOGUARD_GEOIP_DB ?? path.join(root, '..', 'data', 'geoip'),
      RUST_LOG: 'warn',
    };
  }

  /** Both start at once on the new database: their migrations take turns. */
  async startAll() {
    this.ports.forEach((_, i) => this.start(i));
    await Promise.all(this.urls.map(healthy));
  }

  start(i: number) {
    this.servers[i] = spawn(bin, ['serve'], {
      env: { ...this.env, KINOGUARD_ADDR: `127.0.0.1:${this.ports[i]}` },
      stdio: 'ignore',
    });
  }

  /** Stops instance `i` as an operator would (SIGTERM) and says how long it took. */
  async stop(i: number): Promise<number> {
    const server = this.servers[i];
    this.servers[i] = null;
    if (!server || server.exitCode !== null) return 0;
    const begun = Date.now();
    const exited = new Promise((r) => server.on('exit', r));
    server.kill('SIGTERM');
    await exited;
    return Date.now() - begun;
  }

  createAccount(): string {
    const email = `instances-${randomBytes(4).toString('hex')}@e2e.test`;
    execFileSync(bin, ['create-account', '--email', email], { env: this.env, input: `${PASSWORD}\n`, timeout: 30_000 });
    return email;
  }

  async close() {
    for (let i = 0; i < this.servers.length; i++) {
      const server = this.servers[i];
      if (server && server.exitCode === null) {
        server.kill('SIGKILL');
        await new Promise((r) => server.on('exit', r));
      }
    }
    psql(`DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`);
  }
}

async function signInOn(browser: Browser, base: string, email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await page.goto('/login');
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
  await page.getByLabel('Email or phone number').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${base}/profiles`);
  return page;
}

async function openAccount(page: Page, devices: number) {
  await page.goto('/account');
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
  const text = devices === 1 ? '1 device is signed in' : `${devices} devices are signed in`;
  await expect(page.getByText(`${text} to your account.`)).toBeVisible();
}

async function signOutAllFrom(page: Page) {
  const r = await page.request.post('/api/sign_out_all', { form: {}, maxRedirects: 0 });
  expect([200, 302, 303]).toContain(r.status());
}

/**
 * Runs `work` against a fresh two-instance deployment with an account signed in on
 * instance B, its account page open; stops and drops everything afterwards.
 */
async function onTwoInstances(
  browser: Browser,
  work: (deployment: Deployment, onB: Page, email: string) => Promise<void>,
) {
  test.setTimeout(90_000);
  const deployment = new Deployment();
  try {
    await deployment.startAll();
    const email = deployment.createAccount();
    const onB = await signInOn(browser, deployment.urls[1], email);
    await openAccount(onB, 1);
    await work(deployment, onB, email);
    await onB.context().close();
  } finally {
    await deployment.close();
  }
}

test('a page on one instance hears "Sign out of all devices" made on the other', async ({ browser }) => {
  await onTwoInstances(browser, async (deployment, onB, email) => {
    const onA = await signInOn(browser, deployment.urls[0], email);
    // The sign-in on A already reached B's page.
    await expect(onB.getByText('2 devices are signed in to your account.')).toBeVisible({ timeout: 1_500 });

    await signOutAllFrom(onA);
    await expect(onB.getByRole('alert').filter({ hasText: 'You were signed out' })).toBeVisible({ timeout: 1_500 });
    await onA.context().close();
  });
});

test('a page whose instance restarts learns on reconnecting that it was signed out meanwhile', async ({ browser }) => {
  await onTwoInstances(browser, async (deployment, onB, email) => {
    // A graceful stop ends the open channel instead of waiting for it forever.
    expect(await deployment.stop(1)).toBeLessThan(5_000);
    const onA = await signInOn(browser, deployment.urls[0], email);
    await signOutAllFrom(onA);
    await expect(onB.getByRole('alert')).toHaveCount(0);

    deployment.start(1);
    await healthy(deployment.urls[1]);
    await expect(onB.getByRole('alert').filter({ hasText: 'You were signed out' })).toBeVisible({ timeout: 10_000 });
    await expect(onB.getByRole('alert')).toContainText('someone chose “Sign out of all devices”');
    await onA.context().close();
  });
});
