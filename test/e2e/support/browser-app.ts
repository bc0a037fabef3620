// The browser mode as the e2e tests drive it: a fresh data folder, the real core (SQLite file,
// sync engine, simulator over mutual TLS), the real web server and Debian's Chromium through
// playwright-core. The certificate is kept in memory (the demo's port) so that the suite also
// runs where no Secret Service exists; the keychain itself is tested by the keychain suite.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import {
  CACHE_FILE,
  openAppRuntime,
  type AppRuntime,
} from '../../../src-main/core/api/app-runtime.ts';
import { memoryCertificatePort } from '../../../src-main/core/api/memory-certificate.ts';
import { systemClock } from '../../../src-main/core/clock.ts';
import { silentLogger } from '../../../src-main/core/logger.ts';
import type { SimulatorOptions } from '../../../src-main/core/simulator/index.ts';
import { openStore } from '../../../src-main/core/store/open.ts';
import { startWebServer, type WebServer } from '../../../src-main/core/web/server.ts';
import { WEB_DIR } from '../../../src-main/cli/web-session.ts';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const SCREENSHOTS = join(import.meta.dirname, '../../../test-results/screenshots');

export interface BrowserApp {
  runtime: AppRuntime;
  server: WebServer;
  browser: Browser;
  page: Page;
  dataDir: string;
  close(): Promise<void>;
}

export async function startBrowserApp(simulator: SimulatorOptions = {}): Promise<BrowserApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sne-guichet-e2e-'));
  const runtime = await openAppRuntime({
    dataDir,
    logger: silentLogger,
    certificates: memoryCertificatePort(systemClock),
    openStore: () => Promise.resolve(openStore(join(dataDir, CACHE_FILE))),
    simulator: { pkiDir: join(dataDir, 'pki'), historyMs: 6 * 86_400_000, ...simulator },
  });
  const server = await startWebServer({
    api: runtime.api,
    staticDir: WEB_DIR,
    logger: silentLogger,
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    locale: 'fr-FR',
  });
  const page = await context.newPage();
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    runtime,
    server,
    browser,
    page,
    dataDir,
    async close() {
      await browser.close();
      await server.close();
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const AXE = readFileSync(
  join(import.meta.dirname, '../../../node_modules/axe-core/axe.min.js'),
  'utf8',
);

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core on the current page; the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: the page's CSP forbids inline scripts, as it should.
  await page.evaluate(AXE);
  const violations = await page.evaluate<AxeViolation[]>(
    'axe.run().then((result) => result.violations)',
  );
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The serious and critical violations of a screen, one readable line each: expect `[]`. */
export async function accessibilityFindings(page: Page, screen: string): Promise<string[]> {
  return (await seriousViolations(page)).map(
    (v) =>
      `${screen}: ${v.id} (${v.impact}) ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/** A screenshot of the page as a test artifact, under test-results/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}
