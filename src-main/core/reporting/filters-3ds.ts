// The SNE's rules for the 3DS filters, checked locally so that an invalid choice is explained
// in French instead of being sent (domain.md A5): the year (N-1 only before 1 March of N), the
// departments (INSEE codes), the EPCI/EPT (those of the chosen departments, by the department of
// their seat commune) and the reform perimeter.
import { readFileSync } from 'node:fs';
import type { Filtres3ds } from '../api-types.ts';
import { GuichetError } from '../errors.ts';

/** An EPCI or EPT and the department of its seat commune (resources/epci-departements.json). */
export interface EpciSiege {
  siren: string;
  departement: string;
  nom: string;
  type: string; // CC, CA, CU, METRO, MET69, EPT
}

export type TableEpci = ReadonlyMap<string, EpciSiege>;

export interface ErreurFiltre {
  champ: keyof Filtres3ds;
  message: string;
}

export type Validation3ds =
  { ok: true; filtres: Filtres3ds } | { ok: false; erreurs: ErreurFiltre[] };

export const PERIMETRES = ['TOUS', 'REFORME', 'HORS_REFORME'] as const;

// Metropolitan 01-95 without 20 (split into 2A/2B in 1976), and the five overseas departments.
const DEPARTEMENT = /^(0[1-9]|1[0-9]|2[1-9]|2A|2B|[3-8][0-9]|9[0-5]|97[1-4]|976)$/;
const SIREN = /^[0-9]{9}$/;

/** The table derived from the DGCL list, read once; an absent file gives an empty table. */
export function loadTableEpci(path: string): TableEpci {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return new Map();
    throw new GuichetError(
      'INTERNE',
      'La table des sièges des EPCI (epci-departements.json) est illisible.',
      {},
      { cause: error },
    );
  }
  return tableFromJson(raw);
}

/**
 * Accepts `{ epci: { siren: {departement, nom, type} } }` (the resource file), the bare map, or
 * an array of `{siren|code, ...}`.
 */
export function tableFromJson(raw: unknown): TableEpci {
  const wrapped = (raw as { epci?: unknown } | null)?.epci;
  if (wrapped && typeof wrapped === 'object' && !Array.isArray(raw)) return tableFromJson(wrapped);
  const table = new Map<string, EpciSiege>();
  const entries: [string, unknown][] = Array.isArray(raw)
    ? raw.map((item: { siren?: string; code?: string }) => [item.siren ?? item.code ?? '', item])
    : Object.entries((raw ?? {}) as Record<string, unknown>);
  for (const [siren, value] of entries) {
    const v = value as Partial<EpciSiege> | null;
    if (!SIREN.test(siren) || typeof v?.departement !== 'string') continue;
    table.set(siren, {
      siren,
      departement: v.departement,
      nom: v.nom ?? siren,
      type: v.type ?? '',
    });
  }
  return table;
}

/** The EPCI/EPT whose seat lies in one of the departments (all of them when none is given). */
export function epciDesDepartements(table: TableEpci, departements: string[]): EpciSiege[] {
  const wanted = new Set(departements);
  return [...table.values()]
    .filter((e) => wanted.size === 0 || wanted.has(e.departement))
    .sort((a, b) => a.departement.localeCompare(b.departement) || a.nom.localeCompare(b.nom));
}

/** Years the SNE accepts on that day: N and N-1 before 1 March, only N from then on. */
export function anneesAutorisees(maintenant: Date): number[] {
  const { annee, mois } = anneeMoisParis(maintenant);
  return mois < 3 ? [annee - 1, annee] : [annee];
}

function anneeMoisParis(date: Date): { annee: number; mois: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: 'numeric',
  }).formatToParts(date);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return { annee: get('year'), mois: get('month') };
}

export function validerFiltres3ds(
  filtres: Filtres3ds,
  contexte: { maintenant: Date; epci: TableEpci },
): Validation3ds {
  const erreurs: ErreurFiltre[] = [];
  const annee = validerAnnee(filtres.annee, contexte.maintenant, erreurs);
  const departements = validerDepartements(filtres.departements, erreurs);
  const epci = validerEpci(filtres.epci, departements, contexte.epci, erreurs);
  if (!(PERIMETRES as readonly string[]).includes(filtres.perimetre)) {
    erreurs.push({
      champ: 'perimetre',
      message: `Le périmètre « ${String(filtres.perimetre)} » n'existe pas : choisissez TOUS, REFORME ou HORS_REFORME.`,
    });
  }
  if (erreurs.length > 0) return { ok: false, erreurs };
  return { ok: true, filtres: { annee, departements, epci, perimetre: filtres.perimetre } };
}

/** The same check, throwing the explanations as one ARGUMENT_INVALIDE error. */
export function assertFiltres3ds(
  filtres: Filtres3ds,
  contexte: { maintenant: Date; epci: TableEpci },
): Filtres3ds {
  const result = validerFiltres3ds(filtres, contexte);
  if (result.ok) return result.filtres;
  throw new GuichetError('ARGUMENT_INVALIDE', result.erreurs.map((e) => e.message).join('\n'), {
    champs: result.erreurs.map((e) => e.champ),
  });
}

function validerAnnee(annee: number, maintenant: Date, erreurs: ErreurFiltre[]): number {
  const autorisees = anneesAutorisees(maintenant);
  if (Number.isInteger(annee) && autorisees.includes(annee)) return annee;
  const courante = autorisees[autorisees.length - 1] ?? annee;
  const message =
    autorisees.length === 2
      ? `L'année ${String(annee)} n'est pas autorisée : jusqu'au 28/29 février, le SNE accepte ${String(courante - 1)} ou ${String(courante)}.`
      : `L'année ${String(annee)} n'est pas autorisée : à partir du 1er mars, le SNE n'accepte que l'année en cours (${String(courante)}).`;
  erreurs.push({ champ: 'annee', message });
  return annee;
}

function validerDepartements(codes: string[], erreurs: ErreurFiltre[]): string[] {
  const normalises = [...new Set(codes.map((c) => normaliserDepartement(c)))].sort();
  for (const code of normalises) {
    if (DEPARTEMENT.test(code)) continue;
    erreurs.push({ champ: 'departements', message: explicationDepartement(code) });
  }
  return normalises;
}

function normaliserDepartement(code: string): string {
  const c = code.trim().toUpperCase();
  return /^[1-9]$/.test(c) ? `0${c}` : c;
}

function explicationDepartement(code: string): string {
  if (code === '20') {
    return "« 20 » n'est pas un code de département INSEE : la Corse se code 2A (Corse-du-Sud) ou 2B (Haute-Corse).";
  }
  if (code === '975' || code === '977' || code === '978') {
    return `« ${code} » est une collectivité d'outre-mer, pas un département : le reporting 3DS ne la couvre pas.`;
  }
  return `« ${code} » n'est pas un code de département INSEE (01 à 95, 2A, 2B, 971 à 974, 976).`;
}

function validerEpci(
  codes: string[],
  departements: string[],
  table: TableEpci,
  erreurs: ErreurFiltre[],
): string[] {
  const normalises = [...new Set(codes.map((c) => c.trim()))].sort();
  for (const siren of normalises) {
    const message = explicationEpci(siren, departements, table);
    if (message !== null) erreurs.push({ champ: 'epci', message });
  }
  return normalises;
}

function explicationEpci(siren: string, departements: string[], table: TableEpci): string | null {
  if (!SIREN.test(siren)) {
    return `« ${siren} » n'est pas un SIREN d'EPCI ou d'EPT (9 chiffres).`;
  }
  // Without the derived table nothing more can be said locally; the SNE will judge.
  if (table.size === 0) return null;
  const epci = table.get(siren);
  if (!epci) return `Le SIREN ${siren} ne correspond à aucun EPCI ni EPT connu.`;
  if (departements.length > 0 && !departements.includes(epci.departement)) {
    return `${epci.nom} (${siren}) a son siège dans le département ${epci.departement}, qui ne fait pas partie des départements choisis (${departements.join(', ')}).`;
  }
  return null;
}
