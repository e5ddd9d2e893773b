import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3100);

// Debian's Chromium: Playwright must never download a browser here.
const chromium = {
  browserName: 'chromium' as const,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  },
};

export default defineConfig({
  testDir: './tests',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: process.env.CI ? 2 : undefined,
  // Every wait is bounded, and a timeout names the test and the step it was waiting on:
  // a test 30 s, an assertion 10 s (CI has two cores for the server, two browsers and
  // argon2), a click or a fill 10 s, a page load 15 s, the whole run 30 minutes.
  timeout: 30_000,
  expect: { timeout: 10_000 },
  globalTimeout: 30 * 60_000,
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'desktop', testIgnore: /tv\.spec\.ts/, use: { ...devices['Desktop Chrome'], ...chromium } },
    // Two server instances on PostgreSQL: one run, on the desktop, is enough.
    { name: 'phone', testIgnore: /tv\.spec\.ts|instances\.spec\.ts/, use: { ...devices['Pixel 7'], ...chromium } },
    {
      name: 'desktop-no-js',
      // Without JavaScript the browser itself shows a form on its way and a page loading,
      // and there is no live channel: the next request goes to sign-in. No bundle loads.
      // axe-core runs as a script in the page, so the accessibility scans run in the other
      // projects, which also scan every page with its script blocked (a11y.spec.ts).
      testIgnore: /tv\.spec\.ts|pending\.spec\.ts|live\.spec\.ts|instances\.spec\.ts|assets\.spec\.ts|a11y\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], ...chromium, javaScriptEnabled: false },
    },
    // The 10-foot interface: a 1920×1080 screen driven by the keyboard alone.
    {
      name: 'tv',
      testMatch: /tv\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], ...chromium, viewport: { width: 1920, height: 1080 } },
    },
  ],
  webServer: {
    command: './start-server.sh',
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
