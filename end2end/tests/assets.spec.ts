import { expect, test } from './fixtures';
import { createAccount, open, settle, signIn } from './support';

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

// The bundle is split at the routes (the entry pages, sign-in and Account, stay in the main
// part): a lazy page's response names the chunks its route needs (`Link: rel=preload`), so
// they download beside the main part, once each, from the same hashed, compressed,
// immutable files.
for (const path of ['/tv', '/help']) {
  test(`${path} preloads the chunks of its route, and each downloads once`, async ({ page }, info) => {
    const fetched = new Map<string, number>();
    page.on('response', (r) => {
      const p = new URL(r.url()).pathname;
      if (p.startsWith('/pkg/') && p.endsWith('.wasm')) fetched.set(p, (fetched.get(p) ?? 0) + 1);
    });
    const res = await page.goto(path);
    const links = (await res!.headersArray())
      .filter((h) => h.name.toLowerCase() === 'link')
      .flatMap((h) => h.value.split(/[\n,]\s*(?=<)/));
    const preloaded = links.map((l) => /^<(\/pkg\/[^>]+\.wasm)>; rel=preload; as=fetch/.exec(l)?.[1]);
    expect(preloaded.length, `${links}`).toBeGreaterThan(0);
    expect(preloaded.every((p) => p !== undefined), `${links}`).toBe(true);
    await settle(page, info);
    for (const p of preloaded) expect(fetched.get(p!), `${p} downloaded once`).toBe(1);
    // Nothing the page needed was left out of the preloads.
    const chunks = [...fetched.keys()].filter((p) => !p.startsWith('/pkg/kinoguard.'));
    expect(chunks.filter((c) => !preloaded.includes(c))).toEqual([]);
    for (const [p, n] of fetched) expect(n, `${p} downloaded once`).toBe(1);
  });
}
