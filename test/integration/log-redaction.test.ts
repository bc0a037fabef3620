// The logs of a real sync (simulator over mutual TLS, faults on, debug level) carry no DLS
// number, no applicant name, no NIR and no amount: checked against everything the simulator
// knows about its 300 applicants, not against a hand-picked sample.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedSync } from '../support/simulated-sync.ts';
import { syncAgainstSimulator } from '../support/simulated-sync.ts';

const NUM_UNIQUE = /[0-9AB]{3}[0-9]{10}G[0-9A-Z]{4}/;
const NIR = /\b[12][0-9]{2}(0[1-9]|1[0-2]|[2-9][0-9])(2A|2B|[0-9]{2})[0-9]{6}([0-9]{2})?\b/;

let run: SimulatedSync;
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

describe('logs of a sync', () => {
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
