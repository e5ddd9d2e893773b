import { expect, test as base } from '@playwright/test';

/**
 * Every test fails on a script error or a console error in any of its pages: a hydration
 * mismatch or a panic in the wasm bundle shows up there first.
 */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ context }, use) => {
      const errors: string[] = [];
      const watch = (page: import('@playwright/test').Page) => {
        page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
        page.on('console', (m) => {
          // A refused request (401, 422, 429…) is the flow under test, not a fault.
          const refused = /^Failed to load resource: the server responded with a status of 4\d\d/;
          if (m.type() === 'error' && !refused.test(m.text())) errors.push(`${page.url()}: ${m.text()}`);
        });
      };
      context.pages().forEach(watch);
      context.on('page', watch);
      await use(errors);
      expect(errors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
