// The logs of a real sync (simulator over mutual TLS, faults on, debug level) carry no DLS
// number, no applicant name, no NIR and no amount: checked against everything the simulator
// knows about its 300 applicants, not against a hand-picked sample. The sync is made to log
// what an operator needs (window, pages, retries, permanent failures, drain figures), so that
// the check runs on records that do talk about DLS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedSync } from '../support/simulated-sync.ts';
import { syncAgainstSimulator } from '../support/simulated-sync.ts';

const NUM_UNIQUE = /[0-9AB]{3}[0-9]{10}G[0-9A-Z]{4}/;
const NIR = /\b[12][0-9]{2}(0[1-9]|1[0-2]|[2-9][0-9])(2A|2B|[0-9]{2})[0-9]{6}([0-9]{2})?\b/;

let run: SimulatedSync;
let purged = new Set<string>();
let movedCount = 0;
beforeAll(async () => {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
    throw new Error('Ces tests demandent un Secret Service : lancez-les par scripts/test.sh.');
  }
  process.env.SNE_GUICHET_TROUSSEAU = `sne-guichet-journal-${process.pid}`;
  // Faults make the engine retry and report errors: the paths where data leaks into logs.
  run = await syncAgainstSimulator({
    volume: 300,
    faultRate: 0.2,
    faultKinds: ['MALFORMED_XML', 'TORN', 'SOAP_RECEIVER', 'REST_503'],
    prepare: (sim) => {
      // An hour ago: GDM reads a replica that shows a movement some minutes late.
      const at = new Date(sim.clock.now().getTime() - 3_600_000);
      // DLS of the guichet's own departments: the only ones GDM returns to it.
      const own = new Set(sim.ctx.data.guichets.get('G1104')!.departements);
      const numUniques = [...sim.ctx.data.dls.values()]
        .filter((d) => !d.purgee && d.departements.some((x) => own.has(x)))
        .slice(0, 60)
        .map((d) => d.numUnique);
      const moved = sim.generateMovements({ count: 60, guichet: 'G2201', at, numUniques });
      movedCount = new Set(moved.map((m) => m.numUnique)).size;
      // Purged after moving: the SNE answers NUM_INCONNU, a permanent failure to log.
      for (const m of moved.slice(0, 3)) sim.ctx.data.dls.get(m.numUnique)!.purgee = true;
      purged = new Set(moved.slice(0, 3).map((m) => m.numUnique));
    },
  });
});
afterAll(async () => {
  delete process.env.SNE_GUICHET_TROUSSEAU;
  await run.sim.close();
});

/** Everything personal the simulator holds, as it could appear in text. */
function personalTexts(sync: SimulatedSync): { label: string; pattern: RegExp }[] {
  const texts: { label: string; pattern: RegExp }[] = [];
  const word = (label: string, text: string): void => {
    // Names shorter than 4 letters would match inside ordinary words.
    if (text.length < 4) return;
    const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    texts.push({ label, pattern: new RegExp(`(^|[^\\p{L}])${escaped}([^\\p{L}]|$)`, 'u') });
  };
  for (const dls of sync.sim.ctx.data.dls.values()) {
    word(`numUnique ${dls.numUnique}`, dls.numUnique);
    const { demandeur, listePersonneACharge } = dls.blocs.cerfa.personnePhysique;
    for (const p of [demandeur, ...listePersonneACharge]) {
      word(`nom ${dls.numUnique}`, p.nom);
      word(`prénom ${dls.numUnique}`, p.prenom);
    }
    for (const r of demandeur.listeRessourceRecue) {
      if (!Number.isInteger(r.montant)) word(`montant ${dls.numUnique}`, r.montant.toFixed(2));
    }
    for (const l of dls.drm) {
      if (!Number.isInteger(l.montantNetVerse)) {
        word(`montant DRM ${dls.numUnique}`, l.montantNetVerse.toFixed(2));
      }
    }
  }
  return texts;
}

function leaks(logs: string, texts: { label: string; pattern: RegExp }[]): string[] {
  return texts.filter((t) => t.pattern.test(logs)).map((t) => t.label);
}

interface Record {
  event: string;
  [field: string]: unknown;
}

function records(sync: SimulatedSync): Record[] {
  return sync.stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record);
}

describe('logs of a sync', () => {
  it('tell the window, the pages, the retries, the permanent failures and the drain figures', () => {
    const logs = records(run);
    const of = (event: string): Record[] => logs.filter((r) => r.event === event);
    const start = of('gdm.sequence.start')[0];
    expect(start).toMatchObject({ sequence: 1, resumed: false, jusque: null });
    expect(String(start?.depuis)).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const pages = of('gdm.page');
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.map((p) => p.page)).toEqual(pages.map((_, i) => i + 1));
    const done = of('gdm.sequence.done')[0];
    const entries = pages.reduce((n, p) => n + Number(p.entries), 0);
    expect(done).toMatchObject({ pages: pages.length, demandes: entries });
    expect(entries).toBeGreaterThanOrEqual(movedCount);
    expect(movedCount).toBeGreaterThan(40);

    const retries = of('queue.job.retry');
    expect(retries.length).toBeGreaterThan(0);
    for (const r of retries) {
      expect(r.numUnique).toBe('[masqué]');
      expect(typeof r.code).toBe('string');
      expect(r.attempt).toBeGreaterThanOrEqual(1);
    }
    const failed = of('queue.job.failed').filter((r) => r.code === 'NUM_INCONNU');
    expect(failed.length).toBeGreaterThanOrEqual(purged.size);
    for (const f of failed) expect(f).toMatchObject({ permanent: true, numUnique: '[masqué]' });

    const drain = of('queue.drain.done')[0];
    expect(drain).toMatchObject({ pending: 0, retried: retries.length, stoppedBy: null });
    expect(drain?.failed).toBeGreaterThanOrEqual(failed.length);
    expect(drain?.fetched).toBeGreaterThan(entries);
    expect(drain?.perSecond).toBeGreaterThan(0);
  });

  it('are structured JSON records with English events', () => {
    expect(run.exitCode, run.stderr).toBe(0);
    const lines = run.stderr.split('\n').filter((l) => l.length > 0);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const record = JSON.parse(line) as { event?: unknown; level?: unknown };
      expect(record.event).toMatch(/^[a-z_.]+( [a-z]+)*$/);
    }
  });

  it('hold no DLS number, name, NIR or amount of any applicant', () => {
    const texts = personalTexts(run);
    expect(texts.length).toBeGreaterThan(600);
    expect(leaks(run.stderr, texts)).toEqual([]);
    expect(run.stderr).not.toMatch(NUM_UNIQUE);
    expect(run.stderr).not.toMatch(NIR);
  });

  it('would be caught leaking (the detector finds a name and a number put in clear)', () => {
    const dls = [...run.sim.ctx.data.dls.values()].find(
      (d) => d.blocs.cerfa.personnePhysique.demandeur.nom.length >= 4,
    );
    expect(dls).toBeDefined();
    const nom = dls?.blocs.cerfa.personnePhysique.demandeur.nom ?? '';
    const planted = `${run.stderr}{"event":"x","detail":"${nom} ${dls?.numUnique ?? ''}"}\n`;
    expect(leaks(planted, personalTexts(run)).length).toBeGreaterThanOrEqual(2);
  });
});
