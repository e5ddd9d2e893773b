// One Lighthouse run in Debian's Chromium, as scripts/lighthouse.sh asks for it:
//   node run.mjs URL OUTPUT.json [COOKIE_NAME=VALUE]
// LIGHTHOUSE_THEME=dark asks for the dark theme (prefers-color-scheme); light otherwise.
// A signed-in page gets its session as a real cookie in the browser's store. (Lighthouse's
// --extra-headers Cookie is dropped by Chromium once the page sets a cookie of its own,
// and the page does: the viewer's time zone.)
import lighthouse from 'lighthouse';
import puppeteer from 'puppeteer-core';
import { writeFileSync } from 'node:fs';

const [url, output, cookie] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH,
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', ...(process.env.LIGHTHOUSE_THEME === 'dark' ? ['--force-dark-mode'] : [])],
});
try {
  const page = await browser.newPage();
  if (cookie) {
    const at = cookie.indexOf('=');
    await browser.setCookie({ name: cookie.slice(0, at), value: cookie.slice(at + 1), domain: new URL(url).hostname, path: '/' });
  }
  const result = await lighthouse(
    url,
    {
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices'],
      // Keeps the session cookie; a signed-out page starts from an empty store anyway.
      disableStorageReset: Boolean(cookie),
    },
    undefined,
    page,
  );
  writeFileSync(output, result.report);
} finally {
  await browser.close();
}
