// Reference tables derived from @etalab/decoupage-administratif for 3DS: the department of each
// EPCI/EPT, its reform flag, the QPV of each commune and the yearly first-quartile thresholds.
// The simulator computes them in memory; scripts/derive-reference-tables.ts writes the same
// tables under resources/ for the client, which must not load the 13 MB package. Both use these
// functions, so the files and the simulator cannot disagree (a unit test checks it).
//
// Choices, where the package and the public sources are silent (domain.md A5, A8, B12):
// - Department of an EPCI/EPT: the package has no seat (siège) commune, and the DGCL `dept`
//   column is not shipped. We take the department of the member with the largest total
//   population (ties: the smallest INSEE code). The seat is usually the largest member, so the
//   two agree for nearly all of the 89 EPCI that span several departments.
// - QPV: the 2024 list is not in the package and could not be downloaded. We derive a plausible
//   stand-in: every current commune of 10,000 inhabitants or more, except about one in five
//   (chosen by a hash of its code), holds 1 + population / 50,000 QPV (at most 20). Codes follow
//   the 2024 form "QN" + department padded to 3 + 2-digit order within the department + a letter
//   (N new, M modified 2015 QPV, I other), e.g. QN09301M. These codes are NOT the official ones.
// - Reform scope (EPCI that must have a PLH, or hold the housing competence and have a QPV):
//   every EPT, METRO, MET69, CU and CA is in; a CC is in when it holds a QPV, or when it has
//   30,000 inhabitants and a member of 10,000 or more.
// - Q1 thresholds: the national medians of the arrêtés are known for 2022 (8,671 €) and 2023
//   (9,243 €); later years grow by 4 % a year (an assumption). Each territory gets the median
//   times a factor in [0.80, 1.20) drawn from a hash of its SIREN; Île-de-France has one regional
//   threshold (median times 1.12) for all its territories, as the arrêtés do.

export interface RawCommune {
  code: string;
  nom: string;
  type: string;
  zone?: string;
  departement?: string;
  region?: string;
  population?: number;
  codesPostaux?: string[];
}

export interface RawDepartement {
  code: string;
  nom: string;
  region: string;
  zone: string;
}

export interface RawMembre {
  code: string;
  populationTotale?: number;
}

export interface RawGroupement {
  code: string;
  nom: string;
  type: string;
  populationTotale?: number;
  membres: RawMembre[];
}

export interface EpciReference {
  departement: string;
  nom: string;
  type: string; // CC, CA, CU, METRO, MET69, EPT
  soumisReforme: boolean;
}

export const ANNEES_SEUILS = [2022, 2023, 2024, 2025, 2026, 2027] as const;
const MEDIANES_CONNUES: Record<number, number> = { 2022: 8671, 2023: 9243 };
const CROISSANCE_ANNUELLE = 1.04;
const FACTEUR_ILE_DE_FRANCE = 1.12;

/** FNV-1a of a string, for choices that must not depend on a seed. */
export function hashCode(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The department code padded to 3 characters (013, 02A, 974), as in DLS numbers and QPV codes. */
export function departementSur3(departement: string): string {
  return departement.padStart(3, '0');
}

/** Department of each EPCI and EPT: the one of its most populous member. */
export function deriveEpciDepartements(
  groupements: readonly RawGroupement[],
  communeDepartement: ReadonlyMap<string, string>,
): Map<string, { departement: string; nom: string; type: string }> {
  const out = new Map<string, { departement: string; nom: string; type: string }>();
  for (const g of groupements) {
    let best: RawMembre | undefined;
    for (const m of g.membres) {
      const pop = m.populationTotale ?? 0;
      const bestPop = best?.populationTotale ?? 0;
      if (!best || pop > bestPop || (pop === bestPop && m.code < best.code)) best = m;
    }
    const departement = best ? communeDepartement.get(best.code) : undefined;
    if (departement) out.set(g.code, { departement, nom: g.nom, type: g.type });
  }
  return out;
}

/** Stand-in QPV codes per commune (see the header for the rule). */
export function deriveQpv(communes: readonly RawCommune[]): Map<string, string[]> {
  const eligible = communes
    .filter((c) => c.type === 'commune-actuelle' && c.zone !== 'com' && c.departement)
    .filter((c) => (c.population ?? 0) >= 10_000 && hashCode(`qpv:${c.code}`) % 5 !== 0)
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const ordreParDepartement = new Map<string, number>();
  const out = new Map<string, string[]>();
  for (const c of eligible) {
    const dep = c.departement as string;
    const count = Math.min(20, 1 + Math.floor((c.population ?? 0) / 50_000));
    const codes: string[] = [];
    for (let k = 0; k < count; k++) {
      const ordre = (ordreParDepartement.get(dep) ?? 0) + 1;
      // Two digits per department: beyond 99 the department has no room left in this form.
      if (ordre > 99) break;
      ordreParDepartement.set(dep, ordre);
      const h = hashCode(`qpv:${c.code}:${k}`) % 20;
      const lettre = h < 12 ? 'M' : h < 18 ? 'N' : 'I';
      codes.push(`QN${departementSur3(dep)}${String(ordre).padStart(2, '0')}${lettre}`);
    }
    if (codes.length > 0) out.set(c.code, codes);
  }
  return out;
}

/** Whether an EPCI/EPT falls under the attribution reform (see the header for the rule). */
export function estSoumisReforme(
  g: RawGroupement,
  qpvParCommune: ReadonlyMap<string, readonly string[]>,
): boolean {
  if (['EPT', 'METRO', 'MET69', 'CU', 'CA'].includes(g.type)) return true;
  if (g.membres.some((m) => qpvParCommune.has(m.code))) return true;
  const grandeCommune = g.membres.some((m) => (m.populationTotale ?? 0) >= 10_000);
  return (g.populationTotale ?? 0) >= 30_000 && grandeCommune;
}

/** National median Q1 threshold of a year (known for 2022-2023, extrapolated after). */
export function medianeSeuilQ1(annee: number): number {
  const connue = MEDIANES_CONNUES[annee];
  if (connue !== undefined) return connue;
  const base = annee < 2022 ? 2022 : 2023;
  const valeurBase = MEDIANES_CONNUES[base] ?? 8671;
  return Math.round(valeurBase * CROISSANCE_ANNUELLE ** (annee - base));
}

/** Q1 threshold (€ per UC and per year) of a territory; the SNE computes it for every EPCI/EPT. */
export function seuilQ1(siren: string, annee: number, ileDeFrance: boolean): number {
  const mediane = medianeSeuilQ1(annee);
  if (ileDeFrance) return Math.round(mediane * FACTEUR_ILE_DE_FRANCE);
  const facteur = 0.8 + (hashCode(`seuil:${siren}`) / 4294967296) * 0.4;
  return Math.round(mediane * facteur);
}
