// UI benchmarks over 100,000 cached DLS (design.md: search <= 50 ms; lists virtualised):
// - search latency (p50, p95, max) of the list query the UI sends, over numbers, names and
//   communes, with the count of matches the UI shows;
// - from `serve` start (runtime opened on the filled cache, web server listening) to the first
//   rendered row of the Demandes list in Chromium, browser launch shown apart.
// Prints figures; judged by reading, never asserted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CACHE_FILE, openAppRuntime } from '../../src-main/core/api/app-runtime.ts';
import { listDemandesVue } from '../../src-main/core/api/demandes-query.ts';
import { memoryCertificatePort } from '../../src-main/core/api/memory-certificate.ts';
import { systemClock } from '../../src-main/core/clock.ts';
import { silentLogger } from '../../src-main/core/logger.ts';
import { openStore, type Store } from '../../src-main/core/store/open.ts';
import { startWebServer } from '../../src-main/core/web/server.ts';
import { WEB_DIR } from '../../src-main/cli/web-session.ts';
import { CHROMIUM_ARGS } from '../e2e/support/browser-app.ts';

const DLS = 100_000;
const NOMS = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefebvre',
  'Michel',
  'Garcia',
  'Fournier',
  'Mansouri',
  'Haddad',
  'Nguyen',
  'Diallo',
];
const PRENOMS = [
  'Laura',
  'Alain',
  'Inès',
  'Samir',
  'Julie',
  'Enzo',
  'Camille',
  'Mohamed',
  'Aurélie',
  'Philippe',
];
const COMMUNES: [string, string][] = [
  ['42218', 'Saint-Étienne'],
  ['69123', 'Lyon'],
  ['93066', 'Saint-Denis'],
  ['75056', 'Paris'],
  ['13055', 'Marseille'],
  ['31555', 'Toulouse'],
  ['2A004', 'Ajaccio'],
  ['59350', 'Lille'],
  ['67482', 'Strasbourg'],
  ['33063', 'Bordeaux'],
];

export function fill(store: Store): void {
  const insert = store.db.prepare(
    `INSERT INTO demandes (num_unique, date_mouvement_ms, demandeur, taille_menage, communes,
       departements, communes_texte, statut_dalo, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const bloc = store.db.prepare(
    `INSERT INTO blocs (num_unique, bloc, contenu, date_fichier, date_fichier_ms, recupere_ms)
     VALUES (?, 'dalo', '{}', '2026-12-01T10:00:00+01:00', 0, ?)`,
  );
  const now = Date.now();
  store.db.transaction(() => {
    for (let i = 0; i < DLS; i++) {
      const num = `042${String(1 + (i % 12)).padStart(2, '0')}26${String(i).padStart(6, '0')}G1104`;
      const [c1, n1] = COMMUNES[i % COMMUNES.length]!;
      const [c2, n2] = COMMUNES[(i * 7 + 3) % COMMUNES.length]!;
      insert.run(
        num,
        now - (i % 10_000) * 60_000,
        `${NOMS[i % NOMS.length]!} ${PRENOMS[(i * 3) % PRENOMS.length]!}`,
        1 + (i % 5),
        JSON.stringify([c1, c2]),
        JSON.stringify([c1.slice(0, 2), c2.slice(0, 2)]),
        `${c1} ${n1} ${c2} ${n2}`,
        ['NON', 'ACTIF', 'CADUC', null][i % 4] ?? null,
        i % 9 === 0 ? 0 : 1,
      );
      bloc.run(num, now - (i % 500) * 3_600_000);
    }
  })();
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function searchLatency(store: Store): void {
  const queries = [
    ...NOMS.map((n) => n.toLowerCase()),
    ...NOMS.map((n) => n.slice(0, 3)),
    ...PRENOMS,
    ...COMMUNES.map(([, nom]) => nom.split('-')[0]!),
    'saint etienne',
    'martin laura',
    '042',
    '0420326',
    '04203260001',
    '0420326000123G1104',
    '42218',
    'a',
  ];
  for (const q of queries.slice(0, 5)) listDemandesVue(store, { q, limit: 100 }); // warm-up
  const times: number[] = [];
  let matches = 0;
  for (let round = 0; round < 3; round++) {
    for (const q of queries) {
      const t0 = performance.now();
      const page = listDemandesVue(store, { q, limit: 100 });
      times.push(performance.now() - t0);
      matches += page.total;
    }
  }
  times.sort((a, b) => a - b);
  const p95 = percentile(times, 95);
  process.stdout.write(
    `ui search: ${times.length} recherches sur ${DLS.toLocaleString('fr-FR')} DLS (page de 100 + total, ` +
      `${Math.round(matches / times.length)} résultats en moyenne) : p50 ${percentile(times, 50).toFixed(1)} ms, ` +
      `p95 ${p95.toFixed(1)} ms (cible <= 50 ms : ${p95 <= 50 ? 'tenue' : 'MANQUÉE'}), max ${times.at(-1)!.toFixed(1)} ms\n`,
  );
}

async function firstList(dataDir: string): Promise<void> {
  const t0 = performance.now();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const launchMs = performance.now() - t0;
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const t1 = performance.now();
  const runtime = await openAppRuntime({
    dataDir,
    logger: silentLogger,
    certificates: memoryCertificatePort(systemClock),
    openStore: () => Promise.resolve(openStore(join(dataDir, CACHE_FILE))),
    simulator: null,
  });
  const server = await startWebServer({
    api: runtime.api,
    staticDir: WEB_DIR,
    logger: silentLogger,
  });
  const listeningMs = performance.now() - t1;
  await page.goto(server.url);
  await page.locator('[role=grid] [role=row][aria-rowindex="2"]:not(.grid-row-loading)').waitFor();
  const firstRowMs = performance.now() - t1;
  const count = await page.locator('.row-count').textContent();
  process.stdout.write(
    `ui first list: serve (runtime + serveur) ${listeningMs.toFixed(0)} ms, du démarrage de serve à la première ligne affichée ` +
      `${firstRowMs.toFixed(0)} ms (« ${count ?? '?'} »), lancement de Chromium à part ${launchMs.toFixed(0)} ms\n`,
  );
  await browser.close();
  await server.close();
  await runtime.close();
}

export async function bench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-ui-'));
  try {
    const store = openStore(join(dataDir, CACHE_FILE));
    const t0 = performance.now();
    fill(store);
    process.stdout.write(
      `ui: cache rempli de ${DLS.toLocaleString('fr-FR')} DLS en ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
    searchLatency(store);
    store.close();
    await firstList(dataDir);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bench();
