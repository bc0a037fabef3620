// 3DS against the simulator over mutual TLS. The CLI's workbook is opened with LibreOffice
// (headless, every sheet to UTF-8 CSV) and read back: the three sheets are there and their
// figures are the SNE's JSON answer. The API keeps each extraction with its filters, reopens it
// without the SNE, cross-checks it with a real SQLite cache, and refuses invalid filters and
// malformed answers without storing anything.
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockAgent, type Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Filtres3ds, Settings } from '../../src-main/core/api-types.ts';
import type { ApiContext } from '../../src-main/core/api/context.ts';
import { reportingApi } from '../../src-main/core/api/reporting-api.ts';
import { ManualClock } from '../../src-main/core/clock.ts';
import { silentLogger } from '../../src-main/core/logger.ts';
import { FEUILLES_3DS } from '../../src-main/core/reporting/export-3ds-xlsx.ts';
import { listExtractions3ds } from '../../src-main/core/reporting/extractions-store.ts';
import { extraire3ds } from '../../src-main/core/reporting/reporting-3ds.ts';
import { startSimulator, type SimulatorHandle } from '../../src-main/core/simulator/index.ts';
import { createReporting3dsClient } from '../../src-main/core/sne/reporting3ds-client.ts';
import { createSneAgent, type ClientCertificate } from '../../src-main/core/sne/tls.ts';
import { saveBloc } from '../../src-main/core/store/blocs.ts';
import { openStore, type Store } from '../../src-main/core/store/open.ts';
import { runCommand } from '../support/cli-run.ts';
import { feuillesEnCsv } from '../support/libreoffice-csv.ts';
import { simClient } from '../support/sim-https.ts';

interface Sne3ds {
  annee: number;
  agrege: {
    epci: string;
    horsQPV: { attributions: number; q1: number; relogesANRU: number };
    enQPV: { attributions: number; q2q3q4: number };
  }[];
  detail: { numUnique: string; dateSignatureBail: string; departement: string }[];
}

let sim: SimulatorHandle;
let dir: string;
let annee: number;

beforeAll(async () => {
  sim = await startSimulator({ volume: 1500 });
  dir = await mkdtemp(join(tmpdir(), 'export-3ds-test-'));
  annee = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric' }).format(
      sim.clock.now(),
    ),
  );
});

afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

async function reponseSne(guichet = 'G1104'): Promise<Sne3ds> {
  const client = simClient(sim, guichet);
  try {
    const r = await client.get('/api/v1/reporting-3ds', {
      annee: String(annee),
      perimetreReforme: 'TOUS',
    });
    expect(r.status).toBe(200);
    return r.body as Sne3ds;
  } finally {
    await client.close();
  }
}

function certificat(guichet = 'G1104'): ClientCertificate {
  return {
    pfx: readFileSync(sim.pki.guichetP12(guichet)),
    passphrase: sim.pki.passphrase,
    ca: readFileSync(sim.pki.ca),
  };
}

const frDate = (iso: string): string => iso.slice(0, 10).split('-').reverse().join('/');
const pct = (n: number, d: number): string => (d === 0 ? '' : `${((n / d) * 100).toFixed(1)}%`);

describe('export-3ds command', () => {
  it('writes a workbook that LibreOffice opens with the three sheets and the SNE figures', async () => {
    const out = join(dir, 'reporting.xlsx');
    const env = { SIM_PASS: sim.pki.passphrase, HOME: dir, SNE_GUICHET_DONNEES: join(dir, 'cli') };
    const result = await runCommand(
      ['export-3ds', '--annee', String(annee), '--out', out, '--json', '--sne-url', sim.url]
        .concat(['--pfx', sim.pki.guichetP12('G1104'), '--passphrase-env', 'SIM_PASS'])
        .concat(['--ca', sim.pki.ca]),
      env,
    );
    expect(result.code, result.err).toBe(0);
    const sne = await reponseSne();
    expect(sne.detail.length).toBeGreaterThan(0);

    const sheets = await feuillesEnCsv(out);
    expect([...sheets.keys()].sort()).toEqual([...FEUILLES_3DS].sort());
    verifierAgregats(sheets.get('Données agrégées') ?? [], sne);
    verifierDetail(sheets.get('Données détaillées') ?? [], sne);
    const controles = sheets.get('Contrôles') ?? [];
    expect(controles.some((r) => r[0] === 'Contrôle' && r[5] === 'Explication')).toBe(true);
    expect(controles[1]?.[0]).toMatch(/^Date d'extraction : \d{2}\/\d{2}\/\d{4}/);
  });
});

function tableau(rows: string[][], premiereColonne: string): string[][] {
  const header = rows.findIndex((r) => r[0] === premiereColonne);
  expect(header).toBeGreaterThan(0);
  expect(rows.slice(0, header).some((r) => r[0]?.startsWith('Filtres : année'))).toBe(true);
  return rows.slice(header + 1);
}

function verifierAgregats(rows: string[][], sne: Sne3ds): void {
  const lignes = tableau(rows, 'Département');
  const total = lignes.find((r) => r[2] === 'Total');
  expect(lignes.filter((r) => r[1] !== '')).toHaveLength(sne.agrege.length);
  for (const a of sne.agrege) {
    const r = lignes.find((x) => x[1] === a.epci);
    const q1anru = a.horsQPV.q1 + a.horsQPV.relogesANRU;
    expect(r?.slice(5, 8)).toEqual(
      [a.horsQPV.attributions, a.horsQPV.q1, a.horsQPV.relogesANRU].map(String),
    );
    expect(r?.[8]).toBe(pct(q1anru, a.horsQPV.attributions));
    expect(r?.slice(12, 14)).toEqual([a.enQPV.attributions, a.enQPV.q2q3q4].map(String));
    expect(r?.[14]).toBe(pct(a.enQPV.q2q3q4, a.enQPV.attributions));
  }
  const somme = (f: (a: Sne3ds['agrege'][number]) => number): string =>
    String(sne.agrege.reduce((s, a) => s + f(a), 0));
  expect(total?.[5]).toBe(somme((a) => a.horsQPV.attributions));
  expect(total?.[6]).toBe(somme((a) => a.horsQPV.q1));
  expect(total?.[7]).toBe(somme((a) => a.horsQPV.relogesANRU));
  expect(total?.[12]).toBe(somme((a) => a.enQPV.attributions));
  expect(total?.[13]).toBe(somme((a) => a.enQPV.q2q3q4));
}

function verifierDetail(rows: string[][], sne: Sne3ds): void {
  const lignes = tableau(rows, 'N° unique').filter((r) => r[0] !== '');
  expect(lignes).toHaveLength(sne.detail.length);
  const parNum = new Map(lignes.map((r) => [r[0], r]));
  for (const d of sne.detail) {
    const r = parNum.get(d.numUnique);
    expect(r?.[1]).toBe(d.departement);
    expect(r?.[9]).toBe(frDate(d.dateSignatureBail));
  }
}

describe('3DS through the API, with a real cache', () => {
  let store: Store;
  let api: ReturnType<typeof reportingApi>;
  const tous = (): Filtres3ds => ({ annee, departements: [], epci: [], perimetre: 'TOUS' });

  beforeAll(() => {
    store = openStore(join(dir, 'cache.sqlite'));
    const cert = certificat();
    // Only the ports these methods use are provided; the rest of the context is not reached.
    const ctx = {
      db: store.db,
      clock: new ManualClock(sim.clock.now()),
      logger: silentLogger,
      settings: { get: () => ({ sneUrl: sim.url }) as Settings },
      certificates: { current: () => Promise.resolve(cert) },
    } as unknown as ApiContext;
    api = reportingApi(ctx);
    return () => store.close();
  });

  it('stores the extraction, reopens it without the SNE and cross-checks it with the cache', async () => {
    const sne = await reponseSne();
    expect(sne.detail.length, 'the simulated bailleur needs 3 attributions').toBeGreaterThanOrEqual(
      3,
    );
    const [absente, decalee, ...autres] = sne.detail;
    if (!absente || !decalee) throw new Error('fixture');
    // The first one's demand is cached without that attribution: missing from the cache.
    saveBloc(store, absente.numUnique, 'attributions', [], '2026-01-01T00:00:00+01:00', 0);
    for (const d of [decalee, ...autres]) {
      const attributions = sim.ctx.data.dls.get(d.numUnique)?.blocs.attributions ?? [];
      const copie = attributions.map((a) =>
        d === decalee && a.dateSignatureBail === d.dateSignatureBail
          ? { ...a, dateSignatureBail: `${String(annee)}-01-02` }
          : a,
      );
      saveBloc(store, d.numUnique, 'attributions', copie, '2026-01-01T00:00:00+01:00', 0);
    }
    const horsSne = [...sim.ctx.data.dls.values()].find(
      (x) => !sne.detail.some((d) => d.numUnique === x.numUnique) && x.departements.includes('75'),
    );
    if (!horsSne) throw new Error('fixture');
    const inventee = {
      ...(decalee && sim.ctx.data.dls.get(decalee.numUnique)?.blocs.attributions[0]),
    };
    saveBloc(
      store,
      horsSne.numUnique,
      'attributions',
      [{ ...inventee, communeLogement: '75056', dateSignatureBail: `${String(annee)}-01-03` }],
      '2026-01-01T00:00:00+01:00',
      0,
    );

    const resume = await api.extract3ds(tous());
    expect(resume.lignesDetaillees).toBe(sne.detail.length);
    expect((await api.list3dsExtractions()).map((e) => e.id)).toContain(resume.id);

    const calls = sim.journal.entries().length;
    const vue = await api.get3dsExtraction(resume.id);
    expect(sim.journal.entries().length).toBe(calls);
    const ecarts = (type: string): (string | null)[] =>
      vue.controles.ecarts.filter((e) => e.type === type).map((e) => e.numUnique);
    expect(ecarts('ABSENTE_DU_CACHE')).toContain(absente.numUnique);
    expect(ecarts('DATE_SIGNATURE_DIFFERENTE')).toContain(decalee.numUnique);
    expect(ecarts('ABSENTE_DU_SNE')).toContain(horsSne.numUnique);
    expect(ecarts('AGREGAT_INCOHERENT')).toEqual([]);
    expect(vue.controles.demandesHorsCache).toBe(0);

    const fichier = await api.export3ds(resume.id);
    expect(fichier.fileName).toMatch(
      new RegExp(
        `^3DS_${String(annee)}_dep-tous_epci-tous_TOUS_extrait-\\d{4}-\\d{2}-\\d{2}\\.xlsx$`,
      ),
    );
    expect(Buffer.from(fichier.base64, 'base64').subarray(0, 2).toString()).toBe('PK');
  });

  it('explains invalid filters in French without calling the SNE', async () => {
    const calls = sim.journal.entries().length;
    await expect(api.extract3ds({ ...tous(), departements: ['20'] })).rejects.toMatchObject({
      code: 'ARGUMENT_INVALIDE',
      message: expect.stringMatching(/2A .*2B/) as unknown,
    });
    await expect(api.extract3ds({ ...tous(), annee: annee - 5 })).rejects.toMatchObject({
      code: 'ARGUMENT_INVALIDE',
    });
    expect(sim.journal.entries().length).toBe(calls);
  });

  it('gives the documented refusal to a guichet that is not a bailleur, storing nothing', async () => {
    const before = listExtractions3ds(store.db).length;
    const client = createReporting3dsClient({
      sneUrl: sim.url,
      agent: createSneAgent(certificat('G2201')),
    });
    const deps = { client, db: store.db, clock: sim.clock, epci: new Map(), logger: silentLogger };
    await expect(extraire3ds(deps, tous())).rejects.toMatchObject({
      details: { codeSne: '3DS_GUICHET_NON_BAILLEUR' },
      message: expect.stringMatching(/réservé aux guichets de type bailleur/) as unknown,
    });
    expect(listExtractions3ds(store.db)).toHaveLength(before);
  });

  it('refuses a malformed SNE answer with a French message and stores nothing', async () => {
    const before = listExtractions3ds(store.db).length;
    const mock = new MockAgent();
    mock.disableNetConnect();
    mock
      .get('https://sne.invalide')
      .intercept({ path: (p) => p.startsWith('/api/v1/reporting-3ds'), method: 'GET' })
      .reply(200, { annee, dateExtraction: '2026-12-01', agrege: 'pas un tableau' });
    // MockAgent is a Dispatcher like Agent; the adapter only hands it to undici's request.
    const client = createReporting3dsClient({
      sneUrl: 'https://sne.invalide',
      agent: mock as unknown as Agent,
    });
    const deps = { client, db: store.db, clock: sim.clock, epci: new Map(), logger: silentLogger };
    await expect(extraire3ds(deps, tous())).rejects.toMatchObject({
      code: 'SNE_REPONSE_INVALIDE',
      message: expect.stringMatching(/Rien n'a été enregistré/) as unknown,
    });
    expect(listExtractions3ds(store.db)).toHaveLength(before);
    await mock.close();
  });
});
