// The simulator's generated data: determinism, formats, code lists, real geography, PDFs,
// mutations that report exactly what they change, the reference files and the DRM window.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BLOCS } from '../../src-main/core/sne/blocs.ts';
import type { Bloc, Fichier } from '../../src-main/core/sne/blocs.ts';
import * as codes from '../../src-main/core/simulator/code-lists.ts';
import { generateData, mutateDls } from '../../src-main/core/simulator/data-generator.ts';
import { drmWindow } from '../../src-main/core/simulator/drm-sim.ts';
import { loadGeography, loadRaw } from '../../src-main/core/simulator/geography.ts';
import type { SimDls } from '../../src-main/core/simulator/model.ts';
import { buildPdf } from '../../src-main/core/simulator/pdf.ts';
import { createRng, deriveSeed } from '../../src-main/core/simulator/random.ts';
import { referenceTables } from '../../src-main/core/simulator/reference-files.ts';

const NOW = new Date('2026-12-03T16:00:00Z');
const NUM_UNIQUE = /^[0-9A-B]{3}[0-9]{4}[0-9]{6}G[0-9A-Z]{4}$/;
const geo = loadGeography();
const data = generateData({ seed: 1, volume: 600, now: NOW });
const all = [...data.dls.values()];
const JOUR = 86_400_000;

function jours(a: string, b: string): number {
  return Math.round((Date.parse(b) - Date.parse(a)) / JOUR);
}

describe('determinism', () => {
  it('gives deep-equal data for the same seed and different data for another seed', () => {
    const a = generateData({ seed: 42, volume: 120, now: NOW });
    const b = generateData({ seed: 42, volume: 120, now: NOW });
    const c = generateData({ seed: 43, volume: 120, now: NOW });
    expect(b).toEqual(a);
    expect([...c.dls.keys()]).not.toEqual([...a.dls.keys()]);
    expect(c).not.toEqual(a);
  });

  it('builds each DLS from its own slot: a small run holds the first DLS of a larger one', () => {
    const small = generateData({ seed: 1, volume: 40, now: NOW });
    const firsts = all.slice(0, 40);
    expect([...small.dls.values()]).toEqual(firsts);
  });

  it('derives distinct, stable slot seeds and a uniform-looking stream', () => {
    expect(deriveSeed(1, 'dls', 1)).toBe(deriveSeed(1, 'dls', 1));
    expect(deriveSeed(1, 'dls', 1)).not.toBe(deriveSeed(1, 'dls', 2));
    expect(deriveSeed(1, 'dls', 1)).not.toBe(deriveSeed(2, 'dls', 1));
    const rng = createRng(5);
    const draws = Array.from({ length: 20_000 }, () => rng.int(1, 6));
    expect(Math.min(...draws)).toBe(1);
    expect(Math.max(...draws)).toBe(6);
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    expect(Math.abs(mean - 3.5)).toBeLessThan(0.05);
  });
});

describe('formats and geography', () => {
  it('numbers the DLS in the 18-character format of the first desired location', () => {
    for (const d of all) {
      expect(d.numUnique).toMatch(NUM_UNIQUE);
      const premiere = geo.communes.get(d.communes[0] as string);
      expect(premiere).toBeDefined();
      const territoire = premiere?.region === '11' ? '111' : premiere?.departement.padStart(3, '0');
      expect(d.numUnique.slice(0, 3)).toBe(territoire);
      const creation = d.blocs.cerfa.dateCreationDemande;
      expect(d.numUnique.slice(3, 7)).toBe(creation.slice(5, 7) + creation.slice(2, 4));
      expect(d.numUnique.slice(13)).toBe(d.blocs.cerfa.numGuichet);
    }
    expect(new Set(all.map((d) => d.numUnique)).size).toBe(all.length);
  });

  it('uses INSEE codes that exist, Corsica and overseas departments included', () => {
    const deps = new Set<string>();
    for (const d of all) {
      const c = d.blocs.cerfa;
      const insee = [
        ...d.communes,
        c.personnePhysique.demandeur.adressePostale.commune,
        ...c.logementRecherche.listeLocalisationSouhaite.map((l) => l.commune),
        ...d.blocs.attributions.map((a) => a.communeLogement),
      ];
      for (const code of insee) expect(geo.communes.has(code), code).toBe(true);
      expect(d.departements).toEqual([
        ...new Set(d.communes.map((code) => geo.communes.get(code)?.departement)),
      ]);
      d.departements.forEach((x) => deps.add(x));
    }
    for (const dep of ['2A', '2B', '971', '972', '973', '974', '976', '75', '93', '22']) {
      expect(deps.has(dep), dep).toBe(true);
    }
    expect(all.some((d) => d.numUnique.startsWith('02A'))).toBe(true);
    expect(all.some((d) => d.numUnique.startsWith('974'))).toBe(true);
  });

  it('places each attribution in the EPCI/EPT of its commune, with a QPV code of that commune', () => {
    const qpvCode = /^QN[0-9]{2}[0-9AB][0-9]{2}[NMI]$/;
    let enQpv = 0;
    for (const d of all) {
      d.blocs.attributions.forEach((a, i) => {
        const commune = geo.communes.get(a.communeLogement);
        const suivi = d.suiviAttributions[i];
        expect(suivi?.epci).toBe(commune?.territoire);
        expect(a.enQPV).toBe(a.codeQPV !== null);
        if (a.codeQPV) {
          enQpv += 1;
          expect(a.codeQPV).toMatch(qpvCode);
          expect(commune?.qpv).toContain(a.codeQPV);
        }
      });
    }
    expect(enQpv).toBeGreaterThan(0);
  });
});

describe('code lists and lifecycle', () => {
  it('draws every coded value from the lists of domain.md', () => {
    const inList = (list: readonly string[], v: string | null): void => {
      expect(list, String(v)).toContain(v);
    };
    for (const d of all) {
      const { cerfa, dalo, contingents, attributions } = d.blocs;
      const dem = cerfa.personnePhysique.demandeur;
      inList(codes.STATUTS_DALO, dalo.statutDalo);
      if (dalo.typologie !== null) inList(codes.TYPOLOGIES_DALO, dalo.typologie);
      inList(codes.CIVILITES, dem.civilite);
      inList(codes.NATIONALITES, dem.nationalite);
      inList(codes.SITUATIONS_FAMILIALES, dem.situationFamiliale);
      inList(codes.TYPES_CONTRAT, dem.situationProfessionnelle.typeContratTravail);
      inList(codes.MOTIFS_DEMANDE, cerfa.motifDemande);
      inList(codes.MODELES_LOGEMENT, cerfa.logementActuel.modeleLogement);
      cerfa.logementRecherche.listeTypeLogement.forEach((t) => inList(codes.TYPES_LOGEMENT, t));
      const ressources = [
        ...dem.listeRessourceRecue,
        ...cerfa.listeCotitulaire.flatMap((c) => c.listeRessourceRecue),
      ];
      ressources.forEach((r) => inList(codes.RESSOURCES_RECUES, r.ressource));
      cerfa.listeCotitulaire.forEach((c) => inList(codes.LIENS_DEMANDEUR, c.lienDemandeur));
      cerfa.personnePhysique.listePersonneACharge.forEach((p) => {
        inList(codes.LIENS_PARENTE, p.lienParente);
        inList(codes.SEXES, p.sexe);
      });
      contingents.forEach((c) => inList(codes.TYPES_RESERVATAIRE, c.typeReservataire));
      attributions.forEach((a) => {
        inList(codes.ACCORDS_COLLECTIFS, a.accordCollectif);
        inList(codes.TYPES_RESERVATAIRE, a.typeReservataire);
      });
      if (cerfa.radiation) {
        inList(codes.MOTIFS_RADIATION, cerfa.radiation.motifRadiation);
        if (cerfa.radiation.motifRadiation === 'RADIRR') {
          inList(codes.SOUS_MOTIFS_IRRECEVABILITE, cerfa.radiation.sousMotifRadiation);
        } else expect(cerfa.radiation.sousMotifRadiation).toBeNull();
      }
    }
  });

  it('holds radiated, purged, NIR-less and incoherent demands in plausible shares', () => {
    const radiees = all.filter((d) => d.blocs.cerfa.radiation);
    const today = '2026-12-03';
    const ageRadiation = (d: SimDls): number =>
      jours(d.blocs.cerfa.radiation?.dateRadiation ?? today, today);
    expect(radiees.length / all.length).toBeGreaterThan(0.1);
    expect(radiees.some((d) => ageRadiation(d) > 365 && !d.purgee)).toBe(true);
    const purgees = all.filter((d) => d.purgee);
    expect(purgees.length).toBeGreaterThan(0);
    for (const d of purgees) expect(ageRadiation(d)).toBeGreaterThan(395);
    expect(all.some((d) => d.statutNir === 'AUCUN')).toBe(true);
    expect(all.some((d) => d.statutNir === 'TEMPORAIRE')).toBe(true);
    expect(all.some((d) => d.statutNir === 'PERMANENT' && !d.etatCivilCoherent)).toBe(true);
    const attribuees = all.filter((d) => d.blocs.cerfa.radiation?.motifRadiation === 'RADATT');
    for (const d of attribuees) expect(d.blocs.attributions.length).toBe(1);
  });

  it('computes each quartile from the household resources per UC and the EPCI threshold', () => {
    let checked = 0;
    for (const d of all) {
      d.suiviAttributions.forEach((s, i) => {
        const a = d.blocs.attributions[i];
        const jour = a?.dateSignatureBail ?? a?.dateDecisionCAL ?? '';
        const cerfa = d.blocs.cerfa;
        const age = (naissance: string): number => jours(naissance, jour) / 365.25;
        const autres = [
          ...cerfa.listeCotitulaire.map((c) => c.dateNaissance),
          ...cerfa.personnePhysique.listePersonneACharge.map((p) => p.dateNaissance),
        ];
        const uc = autres.reduce((u, n) => u + (age(n) >= 14 ? 0.5 : 0.3), 1);
        const mensuel = [
          ...cerfa.personnePhysique.demandeur.listeRessourceRecue,
          ...cerfa.listeCotitulaire.flatMap((c) => c.listeRessourceRecue),
        ].reduce((t, r) => t + r.montant, 0);
        expect(s.ressourcesAnnuellesParUC).toBe(Math.round((mensuel * 12) / uc));
        const seuil = geo.seuilQ1(s.epci, Number(jour.slice(0, 4)));
        expect(s.quartile === 1).toBe(s.ressourcesAnnuellesParUC < seuil);
        checked += 1;
      });
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('gives bailleur G1104 attributions this year and last year, reform and non-reform', () => {
    const rows = all.flatMap((d) =>
      d.suiviAttributions.map((s, i) => ({ s, a: d.blocs.attributions[i] })),
    );
    const g1104 = rows.filter((r) => r.s.bailleur === 'G1104' && r.a?.dateSignatureBail);
    const annee = (y: string): typeof g1104 =>
      g1104.filter((r) => r.a?.dateSignatureBail?.startsWith(y));
    expect(annee('2026').length).toBeGreaterThan(5);
    expect(annee('2025').length).toBeGreaterThan(5);
    const territoires = new Set(g1104.map((r) => r.s.epci));
    expect(territoires.size).toBeGreaterThanOrEqual(4);
    const reformes = [...territoires].map((t) => geo.territoires.get(t)?.soumisReforme);
    expect(reformes).toContain(true);
    expect(reformes).toContain(false);
    expect(
      g1104.some(
        (r) =>
          r.s.dateRemonteeSNE &&
          r.s.dateRadiation &&
          jours(r.s.dateRadiation, r.s.dateRemonteeSNE) > 30,
      ),
    ).toBe(true);
  });
});

describe('guichets and movement history', () => {
  it('declares the bailleur, the commune, the other authors and a guichet without GDM', () => {
    const g = data.guichets;
    expect(g.get('G1104')).toMatchObject({ type: 'BAILLEUR', gdmHabilite: true });
    expect(g.get('G1104')?.departements).toEqual(expect.arrayContaining(['75', '93', '60']));
    expect(g.get('G2201')).toMatchObject({ type: 'COMMUNE', departements: ['22'] });
    expect(g.get('G3301')?.gdmHabilite).toBe(false);
  });

  it('records movements of the last 7 days, sorted, visible at once, by several guichets', () => {
    const m = data.movements;
    expect(m.length).toBeGreaterThan(50);
    for (let i = 0; i < m.length; i++) {
      const mv = m[i];
      if (!mv) continue;
      expect(mv.at.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(mv.at.getTime()).toBeGreaterThan(NOW.getTime() - 7 * JOUR);
      expect(mv.visibleAt).toEqual(mv.at);
      expect(data.dls.get(mv.numUnique)?.purgee).toBe(false);
      expect(mv.natures.length).toBeGreaterThan(0);
      mv.natures.forEach((n) => expect(BLOCS).toContain(n));
      if (i > 0) expect(mv.at.getTime()).toBeGreaterThanOrEqual(m[i - 1]?.at.getTime() ?? 0);
    }
    const auteurs = new Set(m.map((x) => x.guichet));
    expect(auteurs.has('G1104')).toBe(true);
    expect([...auteurs].filter((a) => a !== 'G1104' && a !== 'G2201').length).toBeGreaterThan(1);
  });
});

/** Byte-level checks of a PDF: header, objects at the xref offsets, trailer, %%EOF. */
function checkPdf(bytes: Uint8Array): void {
  const text = Buffer.from(bytes).toString('latin1');
  expect(text.startsWith('%PDF-1.')).toBe(true);
  expect(text.endsWith('%%EOF\n')).toBe(true);
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
  expect(text.slice(startxref, startxref + 4)).toBe('xref');
  const head = /^xref\n0 (\d+)\n/.exec(text.slice(startxref));
  const count = Number(head?.[1]);
  const entries = text
    .slice(startxref + (head?.[0].length ?? 0))
    .split('\n')
    .slice(0, count);
  expect(entries[0]).toBe('0000000000 65535 f ');
  for (let i = 1; i < count; i++) {
    const entry = entries[i] ?? '';
    expect(entry).toMatch(/^\d{10} 00000 n $/);
    const offset = Number(entry.slice(0, 10));
    expect(text.slice(offset, offset + `${i} 0 obj`.length)).toBe(`${i} 0 obj`);
  }
  expect(text).toMatch(new RegExp(`trailer\\n<< /Size ${count} /Root 1 0 R`));
  const stream = /<< \/Length (\d+) >>\nstream\n/.exec(text);
  const start = (stream?.index ?? 0) + (stream?.[0].length ?? 0);
  expect(text.slice(start + Number(stream?.[1]), start + Number(stream?.[1]) + 10)).toBe(
    '\nendstream',
  );
}

describe('PDF files', () => {
  it('writes a structurally valid PDF, escaping parentheses and encoding French text', () => {
    const bytes = buildPdf({ titre: 'Note (test) \\ é', lignes: ['Délai – 3 mois (€)', 'œuvre'] });
    checkPdf(bytes);
    const text = Buffer.from(bytes).toString('latin1');
    expect(text).toContain('Note \\(test\\) \\\\ \xe9');
    expect(text).toContain('D\xe9lai \x96 3 mois \\(\x80\\)');
  });

  it('gives every cotation note and document a valid PDF whose size is the one announced', () => {
    const fichiers: Fichier[] = [];
    for (const d of all.slice(0, 80)) {
      if (d.blocs.noteCotation) fichiers.push(d.blocs.noteCotation.fichier);
      for (const p of d.blocs.pieces) {
        expect(p.taille).toBe(p.fichier.octets.length);
        fichiers.push(p.fichier);
      }
    }
    expect(fichiers.length).toBeGreaterThan(20);
    for (const f of fichiers) {
      expect(f.contentType).toBe('application/pdf');
      checkPdf(f.octets);
    }
    const cotee = all.find((d) => d.blocs.cotation && d.blocs.cotation.listeCritereCote.length > 0);
    const note = Buffer.from(cotee?.blocs.noteCotation?.fichier.octets ?? []).toString('latin1');
    expect(note).toContain(`Note : ${cotee?.blocs.cotation?.note} points`);
  });
});

/** A plain copy of one block (getters read, bytes copied) to compare before and after. */
function snapshot(dls: SimDls): Record<Bloc, string> {
  const out = {} as Record<Bloc, string>;
  for (const b of BLOCS) {
    out[b] = JSON.stringify(dls.blocs[b], (_k, v: unknown) =>
      v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v,
    );
  }
  return out;
}

describe('mutateDls', () => {
  it('changes exactly the blocks it reports, over many draws', () => {
    const fresh = generateData({ seed: 9, volume: 150, now: NOW });
    const kinds = new Set<string>();
    let n = 0;
    for (const dls of fresh.dls.values()) {
      for (let k = 0; k < 3; k++) {
        const before = snapshot(dls);
        const at = new Date(NOW.getTime() + (n + 1) * 60_000);
        const rng = createRng(deriveSeed(9, 'mutation', n++));
        const reported = mutateDls(dls, rng, at, 'G1104');
        const after = snapshot(dls);
        const changed = BLOCS.filter((b) => before[b] !== after[b]);
        expect(reported).toEqual(changed);
        if (dls.purgee) expect(reported).toEqual([]);
        else expect(reported.length).toBeGreaterThan(0);
        kinds.add(reported.join('+'));
      }
    }
    expect(
      kinds.has('cerfa+evenements+attributions') || kinds.has('cerfa+dalo+evenements+attributions'),
    ).toBe(true);
    expect([...kinds].some((k) => k.includes('noteCotation'))).toBe(true);
    expect(kinds.has('pieces')).toBe(true);
  });

  it('records a new attribution with its 3DS follow-up for the calling bailleur', () => {
    const fresh = generateData({ seed: 11, volume: 200, now: NOW });
    let seen = 0;
    let n = 0;
    for (const dls of fresh.dls.values()) {
      const avant = dls.suiviAttributions.length;
      const reported = mutateDls(dls, createRng(deriveSeed(11, 'm', n++)), NOW, 'G1104');
      if (!reported.includes('attributions')) continue;
      seen += 1;
      const suivi = dls.suiviAttributions[avant];
      expect(dls.suiviAttributions.length).toBe(dls.blocs.attributions.length);
      expect(suivi?.bailleur).toBe('G1104');
      expect(dls.blocs.cerfa.radiation?.motifRadiation).toBe('RADATT');
      expect(suivi?.dateRemonteeSNE).toBe('2026-12-03');
      expect(suivi?.dateRadiation).toBe(dls.blocs.cerfa.radiation?.dateRadiation);
    }
    expect(seen).toBeGreaterThan(0);
  });
});

describe('reference files', () => {
  it('match what the derivation builds today (run scripts/derive-reference-tables.ts if not)', () => {
    const tables = referenceTables();
    for (const name of ['epci-departements.json', 'qpv.json', 'seuils-q1.json'] as const) {
      const file: unknown = JSON.parse(readFileSync(resolve('resources', name), 'utf8'));
      expect(file, name).toEqual(tables[name]);
    }
  });

  it('gives each EPCI/EPT the department of its most populous member', () => {
    const raw = loadRaw();
    const table = referenceTables()['epci-departements.json'].epci;
    const ept = raw.ept;
    expect(ept).toHaveLength(11);
    for (const e of ept) expect(table[e.code]?.type).toBe('EPT');
    const depOf = new Map(raw.communes.map((c) => [c.code, c.departement]));
    const multi = raw.epci.filter((e) => new Set(e.membres.map((m) => depOf.get(m.code))).size > 1);
    expect(multi.length).toBeGreaterThan(50);
    for (const e of multi) {
      const top = [...e.membres].sort(
        (a, b) =>
          (b.populationTotale ?? 0) - (a.populationTotale ?? 0) || (a.code < b.code ? -1 : 1),
      )[0];
      expect(table[e.code]?.departement).toBe(depOf.get(top?.code ?? ''));
    }
    expect(table['200057867']?.departement).toBe('93');
  });
});

describe('drmWindow', () => {
  const permanent = all.filter(
    (d) => d.statutNir === 'PERMANENT' && d.etatCivilCoherent && !d.purgee,
  );

  it('answers the 3 months before the monthly refresh, newest first, from the DLS lines', () => {
    const dls = permanent.find((d) => d.drm.length > 0) as SimDls;
    const r = drmWindow(dls, NOW);
    if (!r.ok) throw new Error(r.code);
    expect(r.body.dateMiseAJour).toBe('2026-11-05');
    expect(r.body.mois.map((m) => m.periode)).toEqual(['2026-10', '2026-09', '2026-08']);
    for (const m of r.body.mois) {
      const attendu = dls.drm.filter((l) => l.periode === m.periode);
      expect(m.lignes.length).toBe(attendu.length);
      expect(m.lignes.map((l) => l.montantNetVerse)).toEqual(attendu.map((l) => l.montantNetVerse));
      m.lignes.forEach((l) => expect(['DSN', 'PASRAU']).toContain(l.source));
    }
    const apres = drmWindow(dls, new Date('2026-12-05T09:00:00Z'));
    if (!apres.ok) throw new Error(apres.code);
    expect(apres.body.mois.map((m) => m.periode)).toEqual(['2026-11', '2026-10', '2026-09']);
  });

  it('shows an empty month when a declaration is missing', () => {
    const withGap = permanent.some((d) => {
      const r = drmWindow(d, NOW);
      return r.ok && d.drm.length > 0 && r.body.mois.some((m) => m.lignes.length === 0);
    });
    expect(withGap).toBe(true);
  });

  it('refuses purged or unknown demands, NIR-less applicants and incoherent civil status', () => {
    const codeOf = (d: SimDls | undefined): string | null => {
      const r = drmWindow(d, NOW);
      return r.ok ? null : `${r.status} ${r.code}`;
    };
    expect(codeOf(undefined)).toBe('404 DRM_DEMANDE_INCONNUE');
    expect(codeOf(all.find((d) => d.purgee))).toBe('404 DRM_DEMANDE_INCONNUE');
    expect(codeOf(all.find((d) => d.statutNir === 'TEMPORAIRE' && !d.purgee))).toBe(
      '422 DRM_NIR_NON_PERMANENT',
    );
    expect(codeOf(all.find((d) => d.statutNir === 'AUCUN' && !d.purgee))).toBe(
      '422 DRM_NIR_NON_PERMANENT',
    );
    expect(codeOf(all.find((d) => !d.etatCivilCoherent && !d.purgee))).toBe(
      '409 DRM_INCOHERENCE_ETAT_CIVIL',
    );
  });
});
