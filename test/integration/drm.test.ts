// DRM against the simulator over mutual TLS: the CLI prints the three months of a DLS whose
// applicant has a permanent NIR and the documented French refusal for one without; the cache
// keeps the window beside the declared resources, purges months that left it, and a batch for
// selected candidates never takes more SNE slots than the shared limiter leaves free.
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RessourcesDrmVue } from '../../src-main/core/api-types.ts';
import { ManualClock } from '../../src-main/core/clock.ts';
import { silentLogger } from '../../src-main/core/logger.ts';
import {
  drmDuCache,
  fetchDrm,
  fetchDrmBatch,
  premierMoisFenetre,
  purgerDrm,
} from '../../src-main/core/reporting/drm.ts';
import { createDrmClient } from '../../src-main/core/sne/drm-client.ts';
import { createSneAgent } from '../../src-main/core/sne/tls.ts';
import { startSimulator, type SimulatorHandle } from '../../src-main/core/simulator/index.ts';
import type { SimDls } from '../../src-main/core/simulator/model.ts';
import { saveBloc } from '../../src-main/core/store/blocs.ts';
import { openStore, type Store } from '../../src-main/core/store/open.ts';
import { createSlotLimiter } from '../../src-main/core/sync/slot-limiter.ts';
import { runCommand } from '../support/cli-run.ts';
import { simClient } from '../support/sim-https.ts';

let sim: SimulatorHandle;
let dir: string;
let store: Store;
let env: NodeJS.ProcessEnv;
let visibles: SimDls[];

beforeAll(async () => {
  sim = await startSimulator({ volume: 400 });
  dir = await mkdtemp(join(tmpdir(), 'drm-test-'));
  store = openStore(join(dir, 'cache.sqlite'));
  env = { SIM_PASS: sim.pki.passphrase, HOME: dir, SNE_GUICHET_DONNEES: join(dir, 'cli') };
  const g1104 = sim.ctx.data.guichets.get('G1104');
  visibles = [...sim.ctx.data.dls.values()].filter(
    (d) => !d.purgee && d.departements.some((dep) => g1104?.departements.includes(dep)),
  );
});

afterAll(async () => {
  store.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

function connexion(): string[] {
  return [
    '--sne-url',
    sim.url,
    '--pfx',
    sim.pki.guichetP12('G1104'),
    '--passphrase-env',
    'SIM_PASS',
    '--ca',
    sim.pki.ca,
  ];
}

function trouver(pred: (d: SimDls) => boolean): SimDls {
  const found = visibles.find(pred);
  if (!found) throw new Error('the simulator data has no such DLS');
  return found;
}

const avecDrm = (): SimDls =>
  trouver((d) => d.statutNir === 'PERMANENT' && d.etatCivilCoherent && d.drm.length > 0);

function deps(clock = new ManualClock(sim.clock.now())) {
  const agent = createSneAgent({
    pfx: readFileSync(sim.pki.guichetP12('G1104')),
    passphrase: sim.pki.passphrase,
    ca: readFileSync(sim.pki.ca),
  });
  const client = createDrmClient({ sneUrl: sim.url, agent });
  return { db: store.db, client, slots: createSlotLimiter(4), clock, logger: silentLogger };
}

describe('drm command', () => {
  it('prints the three months of a DLS with a permanent NIR, as the SNE answered them', async () => {
    const dls = avecDrm();
    const result = await runCommand(['drm', dls.numUnique, '--json', ...connexion()], env);
    expect(result.code, result.err).toBe(0);
    const vue = JSON.parse(result.out) as RessourcesDrmVue;

    const raw = await simClient(sim, 'G1104').get(
      `/api/v1/demandes/${dls.numUnique}/ressources-drm`,
    );
    const sne = raw.body as { mois: { periode: string; lignes: { montantNetVerse: number }[] }[] };
    expect(vue.mois.map((m) => m.periode).sort()).toEqual(sne.mois.map((m) => m.periode).sort());
    expect(vue.mois).toHaveLength(3);
    for (const m of sne.mois) {
      const shown = vue.mois.find((v) => v.periode === m.periode);
      const sum = m.lignes.reduce((s, l) => s + l.montantNetVerse, 0);
      expect(shown?.total).toBeCloseTo(sum, 2);
      expect(shown?.lignes).toHaveLength(m.lignes.length);
    }
  });

  it('prints the documented French refusal for an applicant without a permanent NIR', async () => {
    const dls = trouver((d) => d.statutNir !== 'PERMANENT');
    const result = await runCommand(['drm', dls.numUnique, ...connexion()], env);
    expect(result.code).toBe(1);
    expect(result.err).toContain('DRM_NIR_NON_PERMANENT');
    expect(result.err).toMatch(/NIR permanent/);
    expect(result.out).toBe('');
  });

  it('refuses a malformed number before calling the SNE', async () => {
    const before = sim.journal.entries().length;
    const result = await runCommand(['drm', '12345', ...connexion()], env);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/18 caractères/);
    expect(sim.journal.entries().length).toBe(before);
  });
});

describe('DRM in the cache', () => {
  it('stores the window beside the declared resources and shows the difference', async () => {
    const dls = avecDrm();
    saveBloc(store, dls.numUnique, 'cerfa', dls.blocs.cerfa, '2026-01-01T00:00:00+01:00', 0);
    const declare = dls.blocs.cerfa.personnePhysique.demandeur.listeRessourceRecue.reduce(
      (s, r) => s + r.montant,
      0,
    );
    const vue = await fetchDrm(deps(), dls.numUnique);
    for (const m of vue.mois) {
      expect(m.declare).toBeCloseTo(declare, 2);
      expect(m.ecart).toBeCloseTo(m.total - declare, 2);
    }
    const cached = drmDuCache(store.db, dls.numUnique, sim.clock.now());
    expect(cached?.mois.map((m) => m.periode)).toEqual(vue.mois.map((m) => m.periode));
  });

  it('purges the months that left the window, and only those', async () => {
    const dls = avecDrm();
    await fetchDrm(deps(), dls.numUnique);
    const periodes = (drmDuCache(store.db, dls.numUnique, sim.clock.now())?.mois ?? []).map(
      (m) => m.periode,
    );
    const oldest = [...periodes].sort()[0] ?? '';
    // Two months later the oldest stored month is beyond M-4.
    const later = new Date(sim.clock.now().getTime() + 62 * 86_400_000);
    expect(premierMoisFenetre(later) > oldest).toBe(true);
    const purged = purgerDrm(store.db, later);
    expect(purged).toBeGreaterThan(0);
    const left = drmDuCache(store.db, dls.numUnique, later)?.mois.map((m) => m.periode) ?? [];
    expect(left.every((p) => p >= premierMoisFenetre(later))).toBe(true);
    expect(left.length).toBe(periodes.filter((p) => p >= premierMoisFenetre(later)).length);
  });

  it('erases what it showed when the SNE now reports an identity mismatch', async () => {
    const dls = trouver((d) => d.statutNir === 'PERMANENT' && d.etatCivilCoherent);
    await fetchDrm(deps(), dls.numUnique);
    expect(drmDuCache(store.db, dls.numUnique, sim.clock.now())).not.toBeNull();
    dls.etatCivilCoherent = false;
    try {
      await expect(fetchDrm(deps(), dls.numUnique)).rejects.toMatchObject({
        details: { codeSne: 'DRM_INCOHERENCE_ETAT_CIVIL' },
        message: expect.stringMatching(/ne concordent pas/) as unknown,
      });
      expect(drmDuCache(store.db, dls.numUnique, sim.clock.now())).toBeNull();
    } finally {
      dls.etatCivilCoherent = true;
    }
  });
});

describe('DRM batch for selected candidates', () => {
  it('uses only the slots the sync leaves free, and reports each refusal on its own', async () => {
    sim.setLatency({ fixedMs: 40 });
    const d = deps();
    // Three slots held by a running sync: the batch may only ever have one call in flight.
    const releases: (() => void)[] = [];
    const held = Array.from({ length: 3 }, () =>
      d.slots.run(() => new Promise<void>((resolve) => releases.push(resolve))),
    );
    const permanents = visibles.filter((x) => x.statutNir === 'PERMANENT').slice(0, 5);
    const candidats = [...permanents, trouver((x) => x.statutNir !== 'PERMANENT')].map(
      (x) => x.numUnique,
    );
    const before = sim.journal.entries().length;
    try {
      const results = await fetchDrmBatch(d, candidats);
      const calls = sim.journal.entries().slice(before);
      expect(calls.filter((e) => e.operation === 'getRessourcesDrm')).toHaveLength(6);
      expect(Math.max(...calls.map((e) => e.inFlight ?? 0))).toBe(0);
      expect(results.map((r) => r.numUnique)).toEqual(candidats);
      for (const r of results) {
        const dls = sim.ctx.data.dls.get(r.numUnique);
        const attendu = dls?.statutNir === 'PERMANENT' && dls.etatCivilCoherent;
        expect(r.ok).toBe(attendu);
      }
      expect(results.at(-1)).toMatchObject({ ok: false, code: 'DRM_NIR_NON_PERMANENT' });
    } finally {
      for (const release of releases) release();
      await Promise.all(held);
      sim.setLatency({ fixedMs: 0 });
    }
  });
});
