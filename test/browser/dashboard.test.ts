// The dashboard in headless Chromium (Debian's package, driven by playwright-core) against a real
// daemon: it loads clean, shows routes, targets and decisions live, follows the CLI, performs an
// operator action, and asks nothing of any machine but this one.
// `npm run test:browser`; UPDATE_UI_SCREENSHOT=1 also rewrites docs/ui.png.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, startDaemon, type RunningDaemon } from '../helpers/router.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.log(`skipping the dashboard browser tests: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);

// `flaky` always answers 429 with a long retry-after: the request fails over to sim-a and flaky cools down.
const CONFIG = `providers:
  flaky: { type: simulated, simulate: { fault: { status: 429, retryAfter: 600 } } }
  sim-a: { type: simulated, simulate: { text: "from a", latencyMs: 30 } }
  sim-b: { type: simulated, simulate: { text: "from b" } }
routes:
  main: { strategy: ordered, targets: [flaky/x, sim-a/one] }
  other: { targets: [sim-b/two] }
budgets:
  sim-a: { daily: 5 }
`;

let d: RunningDaemon;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];
const foreignRequests: string[] = [];

async function chat(): Promise<string> {
  const r = await fetch(`${d.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'hello' }] }),
  });
  expect(r.status).toBe(200);
  return r.headers.get('x-router-decision')!;
}

describe.skipIf(!haveChromium)('dashboard in Chromium', () => {
  beforeAll(async () => {
    d = await startDaemon(CONFIG);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    // Anything not on this machine fails the test (and is aborted, so it cannot leave).
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1' || url.protocol === 'data:') return route.continue();
      foreignRequests.push(url.href);
      return route.abort();
    });
    page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('websocket', (ws) => new URL(ws.url()).hostname !== '127.0.0.1' && foreignRequests.push(ws.url()));
    page.on('dialog', (dialog) => void dialog.accept());
  });
  afterAll(async () => {
    await browser?.close();
    await d?.stop();
  });

  it('loads quickly, with no console errors, and lists the configured routes and targets', async () => {
    const url = (await cli(d.home, ['ui', '--print'])).stdout;
    const started = Date.now();
    await page.goto(url);
    await page.getByTestId('connection').filter({ hasText: 'open' }).waitFor({ timeout: 5000 });
    await page.getByTestId('target-sim-b/two').waitFor({ timeout: 5000 });
    const loadMs = Date.now() - started;
    // Runs in the page: the browser's own record of when the load event ended.
    const loaded = await page.evaluate<number>('performance.getEntriesByType("navigation")[0].loadEventEnd');
    console.log(`dashboard: load event at ${Math.round(loaded)} ms, connected and showing routes ${loadMs} ms after navigation`);
    // (Printed, not asserted: speed is measured, never a timed assertion; SPEC asks for under 1 s on localhost.)
    // The token left the address bar as soon as the page read it.
    expect(page.url()).not.toContain('token');
    for (const id of ['main', 'other']) await expect(page.getByTestId(`route-${id}`).isVisible()).resolves.toBe(true);
    for (const t of ['flaky/x', 'sim-a/one', 'sim-b/two']) await expect(page.getByTestId(`target-${t}`).isVisible()).resolves.toBe(true);
    expect(await page.getByTestId('route-main').getAttribute('data-active')).toBe('true');
    expect(consoleErrors).toEqual([]);
  });

  it("shows a request's decision within 2 s, and its explain on click", async () => {
    const id = await chat();
    const row = page.locator(`[data-decision="${id}"]`);
    await row.filter({ hasText: 'ok 200' }).waitFor({ timeout: 2000 });
    const text = await row.innerText();
    expect(text).toContain('sim-a/one');
    expect(text).toMatch(/main\s+sim-a\/one\s+2/); // route, target, attempts
    await row.click();
    const explain = page.getByTestId('explain');
    await explain.getByText('rate_limit').first().waitFor({ timeout: 3000 });
    expect(await explain.innerText()).toContain('flaky/x');
  });

  it('shows the failing target as cooling down, with time left', async () => {
    const target = page.getByTestId('target-flaky/x');
    await target.filter({ hasText: 'cooling down' }).waitFor({ timeout: 3000 });
    expect(await target.getAttribute('data-state')).toBe('cooling');
    expect(await target.innerText()).toMatch(/cooling down \d+ min \d+ s/);
    if (process.env.UPDATE_UI_SCREENSHOT) {
      await page.waitForTimeout(1200); // a second poll, so the charts have drawn
      await page.screenshot({ path: new URL('../../docs/ui.png', import.meta.url).pathname, fullPage: true });
    }
  });

  it('follows a CLI switch at once', async () => {
    expect((await cli(d.home, ['switch', 'other'])).exitCode).toBe(0);
    await page.getByTestId('active-route').filter({ hasText: 'other' }).waitFor({ timeout: 2000 });
    expect(await page.getByTestId('route-other').getAttribute('data-active')).toBe('true');
  });

  it('resets a circuit from the page, confirmed, through the same RPC method, and logged', async () => {
    await page.getByTestId('reset-flaky/x').click();
    const target = page.getByTestId('target-flaky/x');
    await target.filter({ hasNotText: 'cooling down' }).waitFor({ timeout: 3000 });
    const circuits = JSON.parse((await cli(d.home, ['circuit', '--json'])).stdout);
    expect(circuits.cooldowns).toEqual([]);
    const log = readFileSync(join(d.home, 'routerd.log'), 'utf8');
    expect(log).toMatch(/"msg":"rpc\.action","method":"circuit\.reset","params":\{"provider":"flaky"\},"via":"listener"/);
  });

  it('sets a budget, toggles shadow mode and switches the route from the page', async () => {
    const form = page.getByTestId('budget-form');
    await form.locator('select').selectOption('sim-b');
    await form.locator('input[placeholder="USD"]').fill('2.5');
    await form.getByRole('button', { name: 'set budget' }).click();
    await page.getByTestId('budget-sim-b').filter({ hasText: 'of $2.50' }).waitFor({ timeout: 7000 });
    await page.getByTestId('shadow-toggle').click();
    await page.getByTestId('shadow-toggle').filter({ hasText: 'shadow on' }).waitFor({ timeout: 2000 });
    await page.getByTestId('switch-main').click();
    await page.getByTestId('active-route').filter({ hasText: 'main' }).waitFor({ timeout: 2000 });
    const status = JSON.parse((await cli(d.home, ['status', '--json'])).stdout);
    expect(status.shadow).toBe(true);
    expect(status.activeRoute).toBe('main');
    const budgets = JSON.parse((await cli(d.home, ['budget', '--json'])).stdout);
    expect(budgets.budgets.find((b: { provider: string }) => b.provider === 'sim-b').daily).toMatchObject({ limitUsd: 2.5, source: 'cli' });
  });

  it('made no request outside the machine, and logged no console errors', async () => {
    expect(foreignRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
