// The simulator's REST services over real HTTPS with mutual TLS, checked against the contract
// (shared/contract/sne-rest.yaml): each answer's body against the schema of its documented
// status, every documented error code produced by its case, and the GDM rules that need time
// (frequency, cursor expiry, replica delay) driven by the server's shiftable clock.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isoParis } from '../../src-main/core/clock.ts';
import { startSimulator, type SimulatorHandle } from '../../src-main/core/simulator/index.ts';
import type { SimDls } from '../../src-main/core/simulator/model.ts';
import { simClient, type SimClient, type SimResponse } from '../support/sim-https.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const GDM = '/api/v1/demandes-mouvementees';
const R3DS = '/api/v1/reporting-3ds';
const drmPath = (num: string): string => `/api/v1/demandes/${num}/ressources-drm`;

type Operation = {
  responses: Record<
    string,
    { content?: Record<string, { schema: { $ref: string } }>; headers?: Record<string, unknown> }
  >;
};
const contract = parse(
  readFileSync(resolve(import.meta.dirname, '../../../shared/contract/sne-rest.yaml'), 'utf8'),
) as {
  paths: Record<string, { get: Operation }>;
  components: unknown;
};
// OpenAPI 3.1 schemas are JSON Schema 2020-12; the document's other keys are not keywords.
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(contract, 'sne-rest.yaml');

/** Checks an answer against the contract: its status is documented, its body fits the schema. */
function expectContract(contractPath: string, answer: SimResponse): void {
  const documented = contract.paths[contractPath]?.get.responses[String(answer.status)];
  expect(documented, `status ${answer.status} documented for ${contractPath}`).toBeDefined();
  const ref = documented?.content?.['application/json']?.schema.$ref ?? '';
  const validate = ajv.getSchema(`sne-rest.yaml${ref}`);
  if (!validate) throw new Error(`schema ${ref} not found`);
  const valid = validate(answer.body);
  expect(valid, JSON.stringify(validate.errors)).toBe(true);
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  if (answer.status >= 400) expect((answer.body as { message: string }).message).toMatch(/[a-zé]/);
}

function expectError(
  contractPath: string,
  answer: SimResponse,
  status: number,
  code: string,
): void {
  expect([answer.status, (answer.body as { code?: string }).code]).toEqual([status, code]);
  expectContract(contractPath, answer);
}

interface Page {
  depuis: string;
  jusque: string;
  nombreTotal: number;
  demandes: { numUnique: string; dateMouvement: string; natures?: string[] }[];
  prochainCurseur?: string | null;
}

let sim: SimulatorHandle;
let g1104: SimClient;
let g2201: SimClient;
let g3301: SimClient;

beforeAll(async () => {
  sim = await startSimulator({ seed: 3, volume: 600, movementsPerHour: 0, gdmPageSize: 10 });
  g1104 = simClient(sim, 'G1104');
  g2201 = simClient(sim, 'G2201');
  g3301 = simClient(sim, 'G3301');
});

afterAll(async () => {
  await Promise.all([g1104.close(), g2201.close(), g3301.close()]);
  await sim.close();
});

// Each test that opens a GDM sequence first moves the server an hour on: tests stay independent
// of each other's sequences without waiting.
beforeEach(() => {
  sim.clock.shift(61 * MIN);
  sim.setFaults({ rates: {} });
  sim.setReplicationDelay(0);
});

const ago = (ms: number): string => isoParis(new Date(sim.clock.now().getTime() - ms));

async function allPages(
  client: SimClient,
  params: Record<string, string | string[]>,
): Promise<Page[]> {
  const pages: Page[] = [];
  let answer = await client.get(GDM, params);
  expectContract('/demandes-mouvementees', answer);
  pages.push(answer.body as Page);
  let page = answer.body as Page;
  while (page.prochainCurseur) {
    answer = await client.get(GDM, {
      ...params,
      jusque: page.jusque,
      prochainCurseur: page.prochainCurseur,
    });
    expectContract('/demandes-mouvementees', answer);
    page = answer.body as Page;
    pages.push(page);
  }
  return pages;
}

function findDls(predicate: (d: SimDls) => boolean, departements: string[]): SimDls {
  const found = [...sim.ctx.data.dls.values()].find(
    (d) => !d.purgee && d.departements.some((x) => departements.includes(x)) && predicate(d),
  );
  if (!found) throw new Error('the generated data has no DLS for this case');
  return found;
}

const G1104_DEPS = ['75', '77', '78', '91', '92', '93', '94', '95', '60', '27'];

describe('GDM over HTTPS', () => {
  it('pages a 7-day window within the contract, every DLS once, in order', async () => {
    const pages = await allPages(g1104, { depuis: ago(7 * 24 * HOUR - MIN) });
    expect(pages.length).toBeGreaterThan(1);
    const entries = pages.flatMap((p) => p.demandes);
    expect(entries.length).toBe(pages[0]?.nombreTotal);
    expect(new Set(entries.map((e) => e.numUnique)).size).toBe(entries.length);
    const keys = entries.map((e) => [new Date(e.dateMouvement).getTime(), e.numUnique] as const);
    const sorted = [...keys].sort(
      (a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0),
    );
    expect(keys).toEqual(sorted);
    for (const e of entries) {
      expect(
        sim.ctx.data.dls.get(e.numUnique)?.departements.some((d) => G1104_DEPS.includes(d)),
      ).toBe(true);
    }
  });

  it('produces each documented 400 and 403 by its case', async () => {
    const P = '/demandes-mouvementees';
    expectError(P, await g1104.get(GDM, {}), 400, 'GDM_DEPUIS_OBLIGATOIRE');
    expectError(P, await g1104.get(GDM, { depuis: ago(8 * 24 * HOUR) }), 400, 'GDM_PROFONDEUR_MAX');
    expectError(
      P,
      await g1104.get(GDM, { depuis: ago(HOUR), jusque: ago(2 * HOUR) }),
      400,
      'GDM_PERIODE_INVALIDE',
    );
    expectError(
      P,
      await g1104.get(GDM, { depuis: ago(HOUR), departements: '96' }),
      400,
      'GDM_CODE_INVALIDE',
    );
    expectError(
      P,
      await g1104.get(GDM, { depuis: ago(HOUR), prochainCurseur: 'abc' }),
      400,
      'GDM_CURSEUR_INVALIDE',
    );
    expectError(P, await g3301.get(GDM, { depuis: ago(HOUR) }), 403, 'GDM_NON_HABILITE');
  });

  it('refuses a second new sequence within the hour with 429 and Retry-After, allows it an hour later', async () => {
    expect((await g1104.get(GDM, { depuis: ago(HOUR) })).status).toBe(200);
    sim.clock.shift(10 * MIN);
    const refused = await g1104.get(GDM, { depuis: ago(HOUR) });
    expectError('/demandes-mouvementees', refused, 429, 'GDM_FREQUENCE_MAX');
    expect(Number(refused.headers['retry-after'])).toBe(50 * 60);
    sim.clock.shift(51 * MIN);
    expect((await g1104.get(GDM, { depuis: ago(HOUR) })).status).toBe(200);
    const violations = sim.journal.snapshot().violations;
    expect(violations.GDM_FREQUENCE_MAX).toBeGreaterThanOrEqual(1);
  });

  it('expires a cursor 15 minutes after the page that issued it', async () => {
    const depuis = ago(7 * 24 * HOUR - HOUR);
    const first = (await g1104.get(GDM, { depuis })).body as Page;
    expect(first.prochainCurseur).toEqual(expect.any(String));
    const next = { depuis, jusque: first.jusque, prochainCurseur: first.prochainCurseur as string };
    sim.clock.shift(14 * MIN);
    const second = await g1104.get(GDM, next);
    expect(second.status).toBe(200);
    sim.clock.shift(2 * MIN);
    expectError('/demandes-mouvementees', await g1104.get(GDM, next), 400, 'GDM_CURSEUR_INVALIDE');
    // The cursor of the second page was issued 2 minutes ago: still good.
    const third = { ...next, prochainCurseur: (second.body as Page).prochainCurseur as string };
    expect((await g1104.get(GDM, third)).status).toBe(200);
  });

  it('hides a fresh movement until the replication delay has passed', async () => {
    sim.setReplicationDelay(5 * MIN);
    const [moved] = sim.generateMovements({ departement: '22', guichet: 'G1301' });
    const windowStart = ago(MIN);
    sim.clock.shift(MIN);
    const early = (await g2201.get(GDM, { depuis: windowStart })).body as Page;
    expect(early.demandes.map((d) => d.numUnique)).not.toContain(moved?.numUnique);
    // A next window that does not overlap the previous one loses the movement for good...
    sim.clock.shift(61 * MIN);
    const noOverlap = (await g2201.get(GDM, { depuis: early.jusque })).body as Page;
    expect(noOverlap.demandes.map((d) => d.numUnique)).not.toContain(moved?.numUnique);
    // ...while one that overlaps by 30 minutes finds it.
    sim.clock.shift(61 * MIN);
    const overlap = (
      await g2201.get(GDM, {
        depuis: isoParis(new Date(new Date(early.jusque).getTime() - 30 * MIN)),
      })
    ).body as Page;
    expect(overlap.demandes.map((d) => d.numUnique)).toContain(moved?.numUnique);
  });

  it('applies guichetsExclus and the location filters', async () => {
    const mine = sim.generateMovements({ count: 3, departement: '93', guichet: 'G1104' });
    const theirs = sim.generateMovements({ count: 3, departement: '75', guichet: 'G6901' });
    const depuis = ago(MIN);
    sim.clock.shift(1000);
    const all = (await g1104.get(GDM, { depuis })).body as Page;
    const nums = (p: Page): string[] => p.demandes.map((d) => d.numUnique).sort();
    const both = [...mine, ...theirs].map((m) => m.numUnique);
    expect(nums(all)).toEqual([...new Set(both)].sort());

    sim.clock.shift(61 * MIN);
    const excluded = (await g1104.get(GDM, { depuis, guichetsExclus: 'G1104' })).body as Page;
    const theirNums = new Set(theirs.map((m) => m.numUnique));
    expect(nums(excluded)).toEqual([...theirNums].sort());

    sim.clock.shift(61 * MIN);
    const in93 = (await g1104.get(GDM, { depuis, departements: '93' })).body as Page;
    for (const e of in93.demandes)
      expect(sim.ctx.data.dls.get(e.numUnique)?.departements).toContain('93');
    for (const m of mine) expect(nums(in93)).toContain(m.numUnique);

    sim.clock.shift(61 * MIN);
    const commune =
      sim.ctx.data.dls.get(theirs[0]?.numUnique ?? '')?.communes.find((c) => c.startsWith('75')) ??
      '';
    const inCommune = (await g1104.get(GDM, { depuis, communes: commune })).body as Page;
    expect(inCommune.demandes.length).toBeGreaterThan(0);
    for (const e of inCommune.demandes)
      expect(sim.ctx.data.dls.get(e.numUnique)?.communes).toContain(commune);
  });

  it('answers 503 SNE_INDISPONIBLE and injected 429s with Retry-After, journaled as faults', async () => {
    sim.setFaults({ rates: { REST_503: 1 } });
    const down = await g1104.get(GDM, { depuis: ago(HOUR) });
    expectError('/demandes-mouvementees', down, 503, 'SNE_INDISPONIBLE');
    sim.setFaults({ rates: { REST_429: 1 } });
    const busy = await g1104.get(GDM, { depuis: ago(HOUR) });
    expect(busy.status).toBe(429);
    expect(Number(busy.headers['retry-after'])).toBeGreaterThan(0);
    const faults = sim.journal
      .entries()
      .slice(-2)
      .map((e) => e.fault);
    expect(faults).toEqual(['REST_503', 'REST_429']);
    // Neither counted as the guichet's sequence: the next call opens one.
    sim.setFaults({ rates: {} });
    expect((await g1104.get(GDM, { depuis: ago(HOUR) })).status).toBe(200);
  });

  it('generates movements over time from the seed, the same for the same seed and clock', async () => {
    const offset = 5 * 24 * HOUR;
    const start = (): Promise<SimulatorHandle> =>
      startSimulator({ seed: 11, volume: 200, movementsPerHour: 120, clockOffsetMs: offset });
    const [a, b] = await Promise.all([start(), start()]);
    try {
      a.clock.shift(2 * HOUR);
      b.clock.shift(2 * HOUR);
      // One window, whole minutes, well after both starts: the same slots in both simulators.
      const end = Math.floor(a.clock.now().getTime() / MIN) * MIN - MIN;
      const window = {
        depuis: isoParis(new Date(end - 90 * MIN)),
        jusque: isoParis(new Date(end)),
      };
      const read = async (s: SimulatorHandle): Promise<string[]> => {
        const client = simClient(s, 'G1104');
        const page = (await client.get(GDM, window)).body as Page;
        await client.close();
        return page.demandes.map((d) => `${d.numUnique}@${d.dateMouvement}`);
      };
      const fromA = await read(a);
      expect(fromA.length).toBeGreaterThan(0);
      expect(await read(b)).toEqual(fromA);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('3DS and DRM over HTTPS', () => {
  it('gives the bailleur its 3DS reporting within the contract', async () => {
    const annee = sim.clock.now().getFullYear();
    const answer = await g1104.get(R3DS, { annee: String(annee) });
    expect(answer.status).toBe(200);
    expectContract('/reporting-3ds', answer);
  });

  it('produces each documented 3DS error by its case', async () => {
    const annee = sim.clock.now().getFullYear();
    expectError(
      '/reporting-3ds',
      await g1104.get(R3DS, { annee: String(annee - 3) }),
      400,
      '3DS_ANNEE_NON_AUTORISEE',
    );
    expectError(
      '/reporting-3ds',
      await g1104.get(R3DS, { annee: String(annee), epci: 'abc' }),
      400,
      '3DS_FILTRE_INVALIDE',
    );
    expectError(
      '/reporting-3ds',
      await g2201.get(R3DS, { annee: String(annee) }),
      403,
      '3DS_GUICHET_NON_BAILLEUR',
    );
  });

  it('gives the DRM months of a permanent-NIR applicant within the contract', async () => {
    const dls = findDls((d) => d.statutNir === 'PERMANENT' && d.etatCivilCoherent, G1104_DEPS);
    const answer = await g1104.get(drmPath(dls.numUnique));
    expectContract('/demandes/{numUnique}/ressources-drm', answer);
    expect((answer.body as { numUnique: string }).numUnique).toBe(dls.numUnique);
  });

  it('produces each documented DRM error by its case', async () => {
    const P = '/demandes/{numUnique}/ressources-drm';
    expectError(P, await g1104.get(drmPath('0759999999999G1104')), 404, 'DRM_DEMANDE_INCONNUE');
    const outside = findDls(() => true, ['22']);
    expectError(P, await g1104.get(drmPath(outside.numUnique)), 404, 'DRM_DEMANDE_INCONNUE');
    const incoherent = findDls(
      (d) => d.statutNir === 'PERMANENT' && !d.etatCivilCoherent,
      G1104_DEPS,
    );
    expectError(
      P,
      await g1104.get(drmPath(incoherent.numUnique)),
      409,
      'DRM_INCOHERENCE_ETAT_CIVIL',
    );
    const temporary = findDls((d) => d.statutNir !== 'PERMANENT', G1104_DEPS);
    expectError(P, await g1104.get(drmPath(temporary.numUnique)), 422, 'DRM_NIR_NON_PERMANENT');
  });

  it('refreshes the DRM window monthly without any GDM movement', async () => {
    const dls = findDls((d) => d.statutNir === 'PERMANENT' && d.etatCivilCoherent, G1104_DEPS);
    const before = (await g1104.get(drmPath(dls.numUnique))).body as {
      dateMiseAJour: string;
      mois: { periode: string }[];
    };
    const refreshFrom = sim.clock.now().getTime();
    sim.clock.shift(31 * 24 * HOUR);
    const after = (await g1104.get(drmPath(dls.numUnique))).body as {
      dateMiseAJour: string;
      mois: { periode: string }[];
    };
    expect(after.dateMiseAJour).not.toBe(before.dateMiseAJour);
    const since = sim.ctx.data.movements.filter((m) => m.at.getTime() >= refreshFrom);
    expect(since.map((m) => m.numUnique)).not.toContain(dls.numUnique);
  });
});

describe('journal', () => {
  it('serves every call with guichet, window, in-flight count, status, code and violations', async () => {
    expect((await g1104.get(GDM, { depuis: ago(HOUR) })).status).toBe(200);
    // A day and more later, with a window starting after the previous one ended: both watched
    // rules are broken, and recorded without refusing the call.
    sim.clock.shift(25 * HOUR);
    await g1104.get(GDM, { depuis: ago(HOUR) });
    await g1104.get(GDM, { depuis: ago(HOUR) });
    const answer = await g1104.get('/_sim/journal', { dernieres: '2' });
    const journal = answer.body as {
      entries: {
        guichet: string;
        operation: string;
        window?: { depuis: string; curseur: boolean };
        inFlight: number;
        status: number;
        code?: string;
        violations: string[];
      }[];
      tls: { connections: number; handshakes: number };
      violations: Record<string, number>;
    };
    expect(journal.entries).toHaveLength(2);
    const [ok, refused] = journal.entries;
    expect(ok).toMatchObject({
      guichet: 'G1104',
      operation: 'getDemandesMouvementees',
      status: 200,
      inFlight: 0,
    });
    expect(ok?.violations.sort()).toEqual([
      'GDM_MOINS_DE_2_SEQUENCES_24H',
      'GDM_TROU_ENTRE_FENETRES',
    ]);
    expect(ok?.window).toMatchObject({ curseur: false });
    expect(refused).toMatchObject({
      status: 429,
      code: 'GDM_FREQUENCE_MAX',
      violations: ['GDM_FREQUENCE_MAX'],
    });
    expect(journal.tls.handshakes).toBeGreaterThan(0);
    expect(journal.violations.GDM_FREQUENCE_MAX).toBeGreaterThanOrEqual(1);
  });
});
