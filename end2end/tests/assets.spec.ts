import { expect, test } from './fixtures';
import { createAccount, open, signIn } from './support';

// A release build's bundle: hashed names, served compressed, cached for a year, and the
// page still hydrates from it. Pages themselves are never stored.
test('a page hydrates from hashed, compressed assets the browser may keep for a year', async ({ page }, info) => {
  const assets: { url: string; encoding?: string; cache?: string }[] = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/pkg/')) {
      const h = r.headers();
      assets.push({ url: r.url(), encoding: h['content-encoding'], cache: h['cache-control'] });
    }
  });
  const login = await page.goto('/login');
  expect(login?.headers()['cache-control']).toBe('no-store');
  await open(page, '/login', info);

  const names = assets.map((a) => new URL(a.url).pathname);
  for (const kind of ['.wasm', '.js', '.css']) {
    expect(names.some((n) => /^\/pkg\/kinoguard\.[A-Za-z0-9_-]{22}\./.test(n) && n.endsWith(kind)), `${kind} in ${names}`).toBe(true);
  }
  for (const a of assets) {
    expect(a.encoding, a.url).toBe('br');
    expect(a.cache, a.url).toBe('public, max-age=31536000, immutable');
  }

  // Hydrated: signing in works through the server function, and client-side navigation.
  const account = createAccount(info);
  await signIn(page, info, account.email);
  await expect(page).toHaveURL('/profiles');
});
