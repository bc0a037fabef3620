// The 3DS and DRM screens in a real Chromium against the real core and the simulator over mutual
// TLS. The 3DS extraction is chosen as an agent would (a department ticked, then one of its
// EPCI/EPT picked by keyboard from the searchable list), and what the screen says is checked
// against the simulator's own figures: counts, met or missed, the gap in points, the chart, the
// workbook's name. The DRM view shows the SNE's three months for a permanent NIR and the
// documented French refusal for a DLS without one. axe and screenshots for both screens.
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { Territoire3ds } from '../../src-main/core/api-types.ts';
import { FEUILLES_3DS } from '../../src-main/core/reporting/export-3ds-xlsx.ts';
import { drmWindow, type RessourcesDrm } from '../../src-main/core/simulator/drm-sim.ts';
import type { SimDls } from '../../src-main/core/simulator/model.ts';
import {
  compute3ds,
  type Agrege3ds,
  type Reporting3ds,
} from '../../src-main/core/simulator/reporting3ds-sim.ts';
import type { SimulatorHandle } from '../../src-main/core/simulator/index.ts';
import { EXPLICATIONS_DRM } from '../../src-main/core/sne/drm-client.ts';
import {
  accessibilityFindings,
  screenshot,
  startBrowserApp,
  type BrowserApp,
} from './support/browser-app.ts';

const GUICHET = 'G1104';

let app: BrowserApp;
let page: Page;
let sim: SimulatorHandle;
let annee: number;
const cspErrors: string[] = [];

const shot = (name: string): Promise<void> => screenshot(page, name);

async function expectAccessible(screen: string): Promise<void> {
  expect(await accessibilityFindings(page, screen)).toEqual([]);
}

/** The simulator's own 3DS answer for the bailleur, computed from its data, not over the wire. */
function sne3ds(departements: string[], epci: string[]): Reporting3ds {
  const result = compute3ds(
    sim.ctx.data,
    GUICHET,
    { annee, departements, epci, perimetreReforme: 'TOUS' },
    sim.clock.now(),
  );
  if (!result.ok) throw new Error(`the simulator refused the 3DS filters: ${result.message}`);
  return result.body;
}

// Whitespace differs between Intl versions (narrow or plain no-break space): compare without it.
const compact = (text: string | null): string => (text ?? '').replace(/\s/g, '');

beforeAll(async () => {
  app = await startBrowserApp({ volume: 400 });
  page = app.page;
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) cspErrors.push(m.text());
  });
  await page.goto(app.server.url);
  await page.getByRole('button', { name: 'Essayer avec le simulateur intégré' }).click();
  await page
    .getByText(/Prochaine synchronisation autorisée à \d\d:\d\d/)
    .waitFor({ timeout: 90_000 });
  const handle = app.runtime.simulator?.handle();
  if (!handle) throw new Error('the built-in simulator did not start');
  sim = handle;
  annee = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric' }).format(
      sim.clock.now(),
    ),
  );
}, 120_000);

afterAll(async () => {
  await app?.close();
});

/** The EPCI/EPT with the most attributions on both sides of the QPV line: both verdicts show. */
function territoireLePlusFourni(): Agrege3ds {
  const lignes = sne3ds([], []).agrege;
  const cle = (l: Agrege3ds): number => Math.min(l.horsQPV.attributions, l.enQPV.attributions);
  const best = [...lignes].sort((a, b) => cle(b) - cle(a))[0];
  if (!best) throw new Error('the simulator has no 3DS attribution this year for the bailleur');
  return best;
}

/** The list of departments is one tab stop that the arrows, Home and End walk through. */
async function departementsAuClavier(groupe: Locator): Promise<void> {
  const tous = await app.runtime.api.list3dsTerritoires([]);
  const libelles = [...new Set(tous.map((t) => `${t.nomDepartement} ${t.departement}`))];
  const parCode = [...libelles].sort((a, b) =>
    a.split(' ').pop()!.localeCompare(b.split(' ').pop()!),
  );
  await groupe.getByRole('checkbox').first().waitFor();
  await groupe.getByLabel('Chercher un département').press('ArrowDown');
  expect(await focusedLabel()).toBe(parCode[0]);
  await page.keyboard.press('ArrowDown');
  expect(await focusedLabel()).toBe(parCode[1]);
  // Tab leaves the list at once: a hundred boxes are not a hundred tab stops...
  await page.keyboard.press('Tab');
  expect(await focusedLabel()).not.toMatch(/ \d[\dAB]\d?$/);
  // ...and Shift+Tab comes back to the box last visited.
  await page.keyboard.press('Shift+Tab');
  expect(await focusedLabel()).toBe(parCode[1]);
  await page.keyboard.press('End');
  expect(await focusedLabel()).toBe(parCode[parCode.length - 1]);
  expect(await groupe.getByRole('checkbox', { checked: true }).count()).toBe(0);
}

/** "26,7 % ✓ atteinte (+1,7 pts)" read back into its verdict and gap. */
function lireVerdict(text: string): { atteinte: boolean; ecart: number } {
  const m = /(✓ atteinte|✗ manquée) \(([+\-−]?\d+(?:,\d+)?) pts?\)/.exec(text);
  if (!m) throw new Error(`no verdict in « ${text} »`);
  return {
    atteinte: m[1] === '✓ atteinte',
    ecart: Number(m[2]!.replace(',', '.').replace('−', '-')),
  };
}

function expectVerdict(text: string, numerateur: number, attributions: number, cible: number) {
  const exact = ((numerateur / attributions - cible) * 100).toFixed(6);
  const verdict = lireVerdict(text);
  expect(verdict.atteinte, `${text} against ${exact}`).toBe(Number(exact) >= -1e-9);
  // One decimal shown: within half a tenth of the exact gap.
  expect(Math.abs(verdict.ecart - Number(exact)), `${text} against ${exact}`).toBeLessThan(0.0501);
}

// The test's TypeScript has no DOM types; the function runs in the page, which has them.
interface Dom {
  document: { activeElement: unknown };
}

async function cocherAuClavier(recherche: Locator, texte: string, case_: Locator): Promise<void> {
  await recherche.fill(texte);
  // The list is the API's answer: the agent presses ArrowDown once it shows.
  await case_.waitFor();
  await recherche.press('ArrowDown');
  await expect
    .poll(() =>
      case_.evaluate((el) => el === (globalThis as unknown as Dom).document.activeElement),
    )
    .toBe(true);
  await page.keyboard.press('Space');
  await expect.poll(() => case_.isChecked()).toBe(true);
}

const focusedLabel = (): Promise<string> =>
  page.evaluate<string>("document.activeElement?.closest('label')?.textContent ?? ''");

describe('3DS screen against the simulator', () => {
  let choisi: Agrege3ds;
  let territoire: Territoire3ds;

  it('extracts one department and one of its EPCI/EPT picked from the list by keyboard', async () => {
    choisi = territoireLePlusFourni();
    const offerts = await app.runtime.api.list3dsTerritoires([choisi.departement]);
    const trouve = offerts.find((t) => t.siren === choisi.epci);
    expect(trouve, 'the screen offers the EPCI/EPT by the department of its seat').toBeDefined();
    territoire = trouve!;

    await page.getByRole('link', { name: 'Reporting 3DS' }).click();
    const form = page.getByRole('form', { name: 'Filtres 3DS' });
    await form.waitFor();
    const departements = form.getByRole('group', { name: 'Départements' });
    await departementsAuClavier(departements);
    await cocherAuClavier(
      departements.getByLabel('Chercher un département'),
      `${territoire.nomDepartement} ${territoire.departement}`,
      departements.getByRole('checkbox', {
        name: `${territoire.nomDepartement} ${territoire.departement}`,
        exact: true,
      }),
    );
    await departements
      .getByRole('button', { name: `Retirer le filtre ${territoire.nomDepartement}` })
      .waitFor();

    await form.getByRole('radio', { name: 'Une sélection' }).check();
    const selection = form.getByRole('group', { name: 'EPCI/EPT choisis' });
    const caseEpci = selection.getByRole('checkbox', { name: new RegExp(territoire.siren) });
    await cocherAuClavier(
      selection.getByLabel('Chercher par nom ou SIREN'),
      territoire.siren,
      caseEpci,
    );
    // Only the department's own EPCI/EPT are offered.
    const libelles = await selection.locator('.checklist-secondary').allTextContents();
    expect(libelles.every((l) => l.endsWith(` ${choisi.departement}`))).toBe(true);
    await shot('3ds-01-filtres');

    await form.getByRole('button', { name: 'Extraire' }).click();
    await page.getByText('Données agrégées par EPCI/EPT (1)').waitFor();
  });

  it('shows the SNE’s counts with each share met or missed and the gap in points', async () => {
    const sne = sne3ds([choisi.departement], [choisi.epci]);
    expect(sne.agrege).toHaveLength(1);
    const l = sne.agrege[0]!;
    const table = page.getByRole('table', { name: /Données agrégées par EPCI\/EPT/ });
    const row = table.locator('tbody tr').filter({ hasText: l.nomEpci });
    const cells = (await row.locator('td, th').allTextContents()).map((c) => c.trim());
    expect(cells[0]).toBe(l.departement);
    expect(cells[1]).toBe(l.nomEpci);
    const q1Anru = l.horsQPV.q1 + l.horsQPV.relogesANRU;
    expect(cells.slice(3, 5).map(compact)).toEqual([
      String(l.horsQPV.attributions),
      String(q1Anru),
    ]);
    expect(cells.slice(6, 8).map(compact)).toEqual([
      String(l.enQPV.attributions),
      String(l.enQPV.q2q3q4),
    ]);
    expectVerdict(cells[5]!, q1Anru, l.horsQPV.attributions, 0.25);
    expectVerdict(cells[8]!, l.enQPV.q2q3q4, l.enQPV.attributions, 0.5);
    // Met in green, missed in red: the class carries the colour.
    const verdict = row.locator('td').nth(5).locator('span');
    expect(await verdict.getAttribute('class')).toBe(
      lireVerdict(cells[5]!).atteinte ? 'cible-atteinte' : 'cible-manquee',
    );

    await expect
      .poll(async () => compact(await page.getByText(/^Données détaillées \(/).textContent()))
      .toContain(`(${sne.detail.length}attribution`);
  });

  it('draws both shares of the EPCI/EPT against the 25 % and 50 % lines', async () => {
    const chart = page.getByRole('img', { name: 'Parts et cibles par EPCI/EPT' });
    await chart.waitFor();
    const titres = await chart.locator('rect title').allTextContents();
    expect(titres.filter((t) => t.startsWith(`${choisi.nomEpci} :`))).toHaveLength(2);
    expect(await chart.locator('.chart-3ds-target').count()).toBe(2);
    await expect(chart.locator('.chart-3ds-target-label').allTextContents()).resolves.toEqual([
      '25 %',
      '50 %',
    ]);
  });

  it('downloads a workbook named with the year, the filters and the extraction date', async () => {
    const sne = sne3ds([choisi.departement], [choisi.epci]);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exporter en Excel' }).click(),
    ]);
    const name = download.suggestedFilename();
    expect(name).toMatch(/\.xlsx$/);
    for (const part of [
      String(annee),
      choisi.departement,
      choisi.epci,
      'TOUS',
      sne.dateExtraction,
    ]) {
      expect(name).toContain(part);
    }
    const file = join(app.dataDir, name);
    await download.saveAs(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([...FEUILLES_3DS]);
    await shot('3ds-02-extraction');
    // The screen scrolls inside its own container: bring each part into view for its picture.
    await page.getByRole('img', { name: 'Parts et cibles par EPCI/EPT' }).scrollIntoViewIfNeeded();
    await shot('3ds-03-graphique');
    await page.getByRole('heading', { name: 'Contrôles avec le cache' }).scrollIntoViewIfNeeded();
    await shot('3ds-04-detail-et-controles');
    await expectAccessible('3ds');
  });
});

describe('DRM screen against the simulator', () => {
  function visibles(): SimDls[] {
    const g = sim.ctx.data.guichets.get(GUICHET);
    return [...sim.ctx.data.dls.values()].filter(
      (d) => !d.purgee && d.departements.some((dep) => g?.departements.includes(dep)),
    );
  }

  it('shows the three months of a permanent NIR, sourced, and the French refusal without one', async () => {
    const now = sim.clock.now();
    let avec: { dls: SimDls; drm: RessourcesDrm } | null = null;
    for (const dls of visibles()) {
      const r = drmWindow(dls, now);
      if (r.ok && r.body.mois.every((m) => m.lignes.length > 0)) {
        avec = { dls, drm: r.body };
        break;
      }
    }
    const sans = visibles().find((d) => d.statutNir !== 'PERMANENT');
    if (!avec || !sans) throw new Error('the simulator data lacks a DLS with or without a NIR');

    await page.getByRole('link', { name: 'Ressources DRM' }).click();
    const form = page.getByRole('form', { name: 'Recherche DRM' });
    await form.getByRole('textbox').fill(`${avec.dls.numUnique}\n${sans.numUnique}`);
    await form.getByRole('button', { name: 'Consulter le DRM' }).click();

    const ok = page.getByRole('article', { name: `DRM de ${avec.dls.numUnique}` });
    const table = ok.getByRole('table');
    await table.waitFor();
    await ok.getByRole('columnheader', { name: 'Montant net versé' }).waitFor();
    const totaux = table.getByRole('rowheader', { name: /^Total / });
    expect(await totaux.count()).toBe(3);
    const texte = compact(await table.textContent());
    for (const mois of avec.drm.mois) {
      const total = mois.lignes.reduce((s, l) => s + l.montantNetVerse, 0);
      for (const ligne of mois.lignes) {
        expect(texte).toContain(`${ligne.source}${compact(ligne.declarant)}`);
        expect(texte).toContain(compact(euros(ligne.montantNetVerse)));
      }
      expect(texte).toContain(compact(euros(total)));
    }

    const refus = page
      .getByRole('article', { name: `DRM de ${sans.numUnique}` })
      .getByRole('alert');
    await expect
      .poll(() => refus.textContent())
      .toBe(EXPLICATIONS_DRM.DRM_NIR_NON_PERMANENT!.message);
    await shot('drm-01-consultation');
    await expectAccessible('drm');
  });

  it('opens the DRM of a demand straight from its page', async () => {
    const cached = app.runtime.ctx.demandes.list({ limit: 1 }).lignes[0];
    if (!cached) throw new Error('the demo sync cached no demand');
    await page.goto(`${app.server.url}#/demandes/${cached.numUnique}`);
    await page.getByRole('tablist', { name: 'Blocs de la demande' }).waitFor();
    await page.locator('.demande-header').getByRole('link', { name: 'Ressources DRM' }).click();
    expect(page.url()).toContain(`#/drm/${cached.numUnique}`);
    await page.getByRole('article', { name: `DRM de ${cached.numUnique}` }).waitFor();
  });

  it('ran without a single Content-Security-Policy violation', () => {
    expect(cspErrors).toEqual([]);
  });
});

function euros(n: number): string {
  return new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(n);
}
