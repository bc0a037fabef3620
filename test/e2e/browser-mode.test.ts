// The application in a real Chromium against the real core and the simulator over mutual TLS:
// the first start offers the simulator, the sync shows its progress, the list searches, a DLS
// opens with every block, a wrong passphrase is explained in French, the keyboard reaches every
// action, axe finds nothing serious, and each screen is saved as a screenshot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import {
  accessibilityFindings,
  screenshot,
  startBrowserApp,
  type BrowserApp,
} from './support/browser-app.ts';

let app: BrowserApp;
let page: Page;
const cspErrors: string[] = [];

// Page-side code as strings: the test's TypeScript has no DOM types, the browser has them.
const focusedText = (): Promise<string | null> =>
  page.evaluate<string | null>(
    'document.activeElement ? document.activeElement.textContent : null',
  );

const shot = (name: string): Promise<void> => screenshot(page, name);

async function expectAccessible(screen: string): Promise<void> {
  expect(await accessibilityFindings(page, screen)).toEqual([]);
}

beforeAll(async () => {
  // A little latency so that a run lasts long enough to be watched.
  app = await startBrowserApp({ volume: 300, latencyMs: 15, movementsPerHour: 40 });
  page = app.page;
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) cspErrors.push(m.text());
  });
  await page.goto(app.server.url);
});

afterAll(async () => {
  await app?.close();
});

describe('browser mode against the simulator', () => {
  it('offers the built-in simulator at first start', async () => {
    await page.getByRole('heading', { name: 'Bienvenue' }).waitFor();
    await shot('01-premier-demarrage');
    await expectAccessible('accueil');
  });

  it('runs the demo sync from the simulator and shows its progress while it runs', async () => {
    await page.getByRole('button', { name: 'Essayer avec le simulateur intégré' }).click();
    await page.getByRole('heading', { name: 'Synchronisation', level: 1 }).waitFor();
    const blocs = page.getByRole('progressbar', { name: 'Blocs récupérés' });
    await blocs.waitFor();
    await shot('02-synchronisation-en-cours');
    // The button explains why it cannot be pressed while a run goes on.
    await expect(
      page.getByRole('button', { name: 'Synchroniser maintenant' }).isDisabled(),
    ).resolves.toBe(true);
    // The end: the next sequence is an hour away and the button says so.
    await page
      .getByText(/Prochaine synchronisation autorisée à \d\d:\d\d/)
      .waitFor({ timeout: 90_000 });
    await page.getByRole('cell', { name: 'Terminée' }).first().waitFor();
    await shot('03-synchronisation-terminee');
    await expectAccessible('synchronisation');
  });

  it('lists the demands, searches by name and opens a DLS with every block', async () => {
    await page.getByRole('link', { name: 'Demandes' }).click();
    const grid = page.getByRole('grid', { name: 'Liste des demandes' });
    await grid.waitFor();
    const count = page.locator('.row-count');
    await expect.poll(() => count.textContent()).toMatch(/^\d[\d\s\u202f]* demandes$/);
    await shot('04-demandes');
    await expectAccessible('demandes');

    // Search by the applicant name of a row whose Cerfa was fetched.
    const named = grid.locator('[role=row][aria-rowindex]:not(.grid-header)').filter({
      hasNot: page.getByText('Demandeur non encore récupéré'),
    });
    await named.first().waitFor();
    const nom = ((await named.first().locator('[role=gridcell]').nth(1).textContent()) ?? '').split(
      ' ',
    )[0]!;
    await page.getByRole('searchbox', { name: 'Rechercher une demande' }).fill(nom);
    await expect
      .poll(() => grid.locator('[role=gridcell]:nth-child(2)').first().textContent())
      .toContain(nom);
    await shot('05-recherche');

    await grid.locator('[role=row][aria-rowindex="2"]').click();
    await page.getByRole('tablist', { name: 'Blocs de la demande' }).waitFor();
    // The header names the wanted communes of the cached Cerfa, not their INSEE codes.
    const opened = /[0-9AB]{3}[0-9]{10}G[0-9A-Z]{4}/.exec(decodeURIComponent(page.url()))?.[0];
    const souhaitees = app.runtime.ctx.demandes
      .get(opened!)
      ?.blocs.cerfa?.contenu.logementRecherche.listeLocalisationSouhaite.map((l) => l.commune);
    expect(souhaitees?.length).toBeGreaterThan(0);
    const communesFacts = page.locator('.header-facts div', { hasText: 'Communes souhaitées' });
    await communesFacts.waitFor();
    const text = (await communesFacts.textContent()) ?? '';
    for (const code of souhaitees!) expect(text).not.toContain(code);
    // The Cerfa tab gives each wanted commune its name, the code beside it.
    const vue = app.runtime.ctx.demandes.get(opened!)!;
    const premiere = souhaitees![0]!;
    await page.getByRole('tab', { name: /^Cerfa/ }).click();
    await expect
      .poll(() => page.getByRole('tabpanel').textContent())
      .toContain(`${vue.nomsCommunes[premiere]} (${premiere})`);
    // Heavy blocks wait for "Actualiser"; the notice names them as the agent does.
    const absents = page.locator('.notice-warning', { hasText: 'Blocs absents du cache' });
    await expect.poll(() => absents.textContent()).toContain('Note de cotation');
    expect(await absents.textContent()).not.toContain('noteCotation');
    const tabs = [
      'Cerfa',
      'DALO',
      'Événements',
      'Contingents',
      'Attributions',
      'Critères',
      'Cotation',
      'Pièces',
    ];
    for (const [i, name] of tabs.entries()) {
      await page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
      const panel = page.getByRole('tabpanel');
      await expect
        .poll(() => page.getByRole('tab', { selected: true }).textContent())
        .toMatch(new RegExp(`^${name}`));
      // Each block shows its content, or says why it is missing.
      await expect
        .poll(async () => (await panel.textContent())?.trim().length ?? 0)
        .toBeGreaterThan(10);
      if (name === 'Cerfa') await panel.getByRole('heading', { name: 'Demandeur' }).waitFor();
      await shot(
        `06-demande-${i + 1}-${name
          .toLowerCase()
          .normalize('NFD')
          .replace(/[^a-z]/g, '')}`,
      );
    }
    await expectAccessible('demande');
  });

  it('explains a wrong certificate passphrase in French and keeps the current certificate', async () => {
    await page.getByRole('link', { name: 'Paramètres' }).click();
    await page.getByRole('heading', { name: 'Paramètres', level: 1 }).waitFor();
    await page.getByText('G1104', { exact: true }).first().waitFor();
    const p12 = app.runtime.simulator?.handle()?.pki.guichetP12('G1104');
    expect(p12).toBeDefined();
    await page.getByLabel('Fichier du certificat (.p12)').setInputFiles(p12!);
    await page.getByLabel('Phrase de passe').fill('mauvaise phrase');
    await page.getByRole('button', { name: 'Importer le certificat' }).click();
    const alert = page.locator('form[aria-label="Importer un certificat"] [role=alert]');
    await expect.poll(() => alert.textContent()).toMatch(/phrase de passe.*incorrecte/i);
    await shot('07-parametres-phrase-incorrecte');
    expect(await app.runtime.ctx.certificates.info()).toMatchObject({ guichet: 'G1104' });
    await expectAccessible('parametres');
  });

  it('shows the DRM and 3DS places', async () => {
    await page.getByRole('link', { name: 'Ressources DRM' }).click();
    await page
      .getByRole('link', { name: 'Ressources DRM' })
      .and(page.locator('[aria-current=page]'))
      .waitFor();
    await page.waitForLoadState('networkidle');
    await shot('08-drm');
    await expectAccessible('drm');
    await page.getByRole('link', { name: 'Reporting 3DS' }).click();
    await page
      .getByRole('link', { name: 'Reporting 3DS' })
      .and(page.locator('[aria-current=page]'))
      .waitFor();
    await page.waitForLoadState('networkidle');
    await shot('09-reporting-3ds');
    await expectAccessible('3ds');
  });

  it('lets the keyboard reach every place, the global search, the list and the tabs', async () => {
    await page.goto(`${app.server.url.split('?')[0]}#/demandes`);
    const grid = page.getByRole('grid', { name: 'Liste des demandes' });
    await grid.waitFor();
    // The agent's own list search, set here rather than inherited from the test above (whose
    // name search matched one demand or several depending on which row came first).
    const [first, other] = app.runtime.ctx.demandes.list({ limit: 2 }).lignes;
    const listSearch = page.getByRole('searchbox', { name: 'Rechercher une demande' });
    await listSearch.fill(other!.numUnique);
    await expect.poll(() => page.locator('.row-count').textContent()).toBe('1 demande');
    // Start from the top of the document, as after a fresh load with nothing focused.
    await page.evaluate(
      "document.body.tabIndex = -1; document.body.focus(); document.body.removeAttribute('tabindex')",
    );
    await page.keyboard.press('Tab');
    expect(await focusedText()).toBe('Aller au contenu');
    // Tab through the navigation: each of the five places receives the focus, visibly.
    const reached: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      reached.push((await focusedText()) ?? '');
      const outline = await page.evaluate<string>(
        'getComputedStyle(document.activeElement).outlineStyle',
      );
      expect(outline).not.toBe('none');
    }
    for (const place of [
      'Demandes',
      'Synchronisation',
      'Ressources DRM',
      'Reporting 3DS',
      'Paramètres',
    ]) {
      expect(reached.some((r) => r.startsWith(place))).toBe(true);
    }

    // Ctrl+K from anywhere opens the global search; Enter jumps to the first demand found.
    await page.keyboard.press('Control+k');
    const search = page.getByRole('combobox', { name: /Rechercher un numéro/ });
    await search.waitFor();
    await page.keyboard.type(first!.numUnique);
    await page.getByRole('option', { name: new RegExp(`^${first!.numUnique}`) }).waitFor();
    await shot('10-recherche-globale');
    await page.keyboard.press('Enter');
    await page.getByRole('tablist', { name: 'Blocs de la demande' }).waitFor();
    expect(page.url()).toContain(first!.numUnique);

    // Arrow keys move between tabs.
    await page.getByRole('tab', { name: /^Cerfa/ }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await focusedText()).toMatch(/^DALO/);

    // Back to Demandes, the list is as the agent left it: jumping to one demand through the
    // global search does not throw away the search and filters of the working list.
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Demandes' })
      .click();
    await grid.locator('[role=row][aria-rowindex="2"]').getByText(other!.numUnique).waitFor();
    expect(await listSearch.inputValue()).toBe(other!.numUnique);
    expect(await page.locator('.row-count').textContent()).toBe('1 demande');

    // The list: one tab stop, arrows to move, Enter to open.
    await listSearch.fill('');
    await grid.locator('[role=row][aria-rowindex="3"]').waitFor();
    await grid.focus();
    await page.keyboard.press('ArrowDown');
    expect(await grid.getAttribute('aria-activedescendant')).toBe('row-1');
    await page.keyboard.press('Enter');
    await page.getByRole('tablist', { name: 'Blocs de la demande' }).waitFor();
  });

  it('opens the number typed in the global search even when Enter beats its options', async () => {
    // B shares its first digits with A, a newer demand: the options for those digits list A
    // first, and the answers for the rest of B are held back until Enter has been pressed.
    const { a, b, prefix } = numberSharingDigits(
      app.runtime.ctx.demandes.list({ limit: 1000 }).lignes.map((l) => l.numUnique),
    );
    await page.keyboard.press('Control+k');
    await page.keyboard.type(prefix);
    const options = page.getByRole('listbox', { name: 'Résultats' }).getByRole('option');
    await options.first().getByText(a).waitFor();

    const held: { q: string; route: Route }[] = [];
    await page.route('**/api/call/listDemandes', async (route) => {
      const { args } = route.request().postDataJSON() as { args: [{ q?: string }] };
      const q = args[0].q ?? '';
      if (q.length > prefix.length && b.startsWith(q)) held.push({ q, route });
      else await route.continue();
    });
    await page.keyboard.type(b.slice(prefix.length));
    await expect.poll(() => held.some((h) => h.q === b)).toBe(true);
    await page.keyboard.press('Enter');
    // A's options are still the ones on screen: the key must not have opened A.
    expect(await page.getByRole('dialog', { name: 'Recherche globale' }).isVisible()).toBe(true);
    await Promise.all(held.map((h) => h.route.continue()));
    await page.unroute('**/api/call/listDemandes');
    await expect.poll(() => page.url()).toContain(b);
    await page.getByRole('tablist', { name: 'Blocs de la demande' }).waitFor();
  });

  it('ran without a single Content-Security-Policy violation', () => {
    expect(cspErrors).toEqual([]);
  });
});

/**
 * Two numbers of the list (newest first) and their longest common beginning: `a` is the first
 * number with that beginning, so it heads the options for it, and `b` is a later one.
 */
function numberSharingDigits(numbers: string[]): { a: string; b: string; prefix: string } {
  let best = { a: '', b: '', prefix: '' };
  for (const [j, b] of numbers.entries()) {
    for (const a of numbers.slice(0, j)) {
      let n = 0;
      while (n < a.length && a[n] === b[n]) n++;
      if (n > best.prefix.length) best = { a, b, prefix: b.slice(0, n) };
    }
  }
  if (best.prefix.length < 3) throw new Error('no two numbers share their first three digits');
  return best;
}
