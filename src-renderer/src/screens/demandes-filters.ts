// The filters of the Demandes list: how each is labelled as a chip and checked before use.
import type { ListeDemandesQuery } from '../../../src-main/core/api-types.ts';
import { STATUT_DALO, libelleCourt } from '../format/codes.ts';
import { formatDate } from '../format/fr.ts';

export type FilterKind =
  'departement' | 'commune' | 'statutDalo' | 'etat' | 'mouvementeDepuis' | 'enEchec';

export const FILTER_KINDS: { kind: FilterKind; label: string }[] = [
  { kind: 'departement', label: 'Département' },
  { kind: 'commune', label: 'Commune (code INSEE)' },
  { kind: 'statutDalo', label: 'Statut DALO' },
  { kind: 'etat', label: 'Active ou radiée' },
  { kind: 'mouvementeDepuis', label: 'Mouvementée depuis le' },
  { kind: 'enEchec', label: 'Bloc en échec' },
];

const DEPARTEMENT = /^(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-6])$/;
const COMMUNE = /^(\d{5}|2A\d{3}|2B\d{3})$/;

/** A French message when the value cannot be used, else null. */
export function checkFilter(kind: FilterKind, value: string): string | null {
  const v = value.trim().toUpperCase();
  if (kind === 'departement' && !DEPARTEMENT.test(v)) {
    return 'Code de département invalide : deux caractères (01 à 95, 2A, 2B) ou 971 à 976.';
  }
  if (kind === 'commune' && !COMMUNE.test(v)) {
    return 'Code commune INSEE invalide : 5 caractères, par exemple 42218 ou 2A004.';
  }
  if (kind === 'mouvementeDepuis' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return 'Choisissez une date.';
  }
  if (kind === 'statutDalo' && !(v in STATUT_DALO)) return 'Choisissez un statut DALO.';
  return null;
}

export function applyFilter(
  query: ListeDemandesQuery,
  kind: FilterKind,
  value: string,
): ListeDemandesQuery {
  const v = value.trim();
  switch (kind) {
    case 'etat':
      return { ...query, etat: v === 'RADIEE' ? 'RADIEE' : 'ACTIVE' };
    case 'enEchec':
      return { ...query, enEchec: true };
    case 'mouvementeDepuis':
      return { ...query, mouvementeDepuis: v };
    default:
      return { ...query, [kind]: v.toUpperCase() };
  }
}

export function removeFilter(query: ListeDemandesQuery, kind: FilterKind): ListeDemandesQuery {
  const next = { ...query };
  delete next[kind];
  return next;
}

/** The chips of the active filters, in a stable order. */
export function activeChips(query: ListeDemandesQuery): { kind: FilterKind; label: string }[] {
  const chips: { kind: FilterKind; label: string }[] = [];
  if (query.departement)
    chips.push({ kind: 'departement', label: `Département ${query.departement}` });
  if (query.commune) chips.push({ kind: 'commune', label: `Commune ${query.commune}` });
  if (query.statutDalo) {
    chips.push({ kind: 'statutDalo', label: libelleCourt(STATUT_DALO, query.statutDalo) });
  }
  if (query.etat) {
    chips.push({ kind: 'etat', label: query.etat === 'ACTIVE' ? 'Actives' : 'Radiées' });
  }
  if (query.mouvementeDepuis) {
    chips.push({
      kind: 'mouvementeDepuis',
      label: `Mouvementées depuis le ${formatDate(query.mouvementeDepuis)}`,
    });
  }
  if (query.enEchec) chips.push({ kind: 'enEchec', label: 'Avec un bloc en échec' });
  return chips;
}
