// Reading a GDM request: the query string of GET /demandes-mouvementees turned into a checked
// window and filter set, or the contract's 400 error. Pure: the rules that depend on the server's
// history (frequency, cursors) live in gdm-service.ts.
import type { RestAnswer } from './rest-answer.ts';
import { restError } from './rest-answer.ts';

export interface GdmFilters {
  departements: string[];
  communes: string[];
  guichetsExclus: string[];
}

export interface GdmQuery extends GdmFilters {
  depuis: Date;
  /** null when the caller left it to the server's now. */
  jusque: Date | null;
  curseur: string | null;
}

// Patterns of the contract (sne-rest.yaml, parameters of /demandes-mouvementees).
const DEPARTEMENT = /^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])$/;
const COMMUNE = /^([0-9]{2}|2A|2B)[0-9]{3}$/;
const GUICHET = /^G[0-9A-Z]{4}$/;
// ISO 8601 with an explicit offset, as the contract requires of every date-time.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseGdmQuery(params: URLSearchParams, now: Date): GdmQuery | RestAnswer {
  const depuisText = params.get('depuis');
  if (depuisText === null || depuisText.trim() === '') {
    return restError(400, 'GDM_DEPUIS_OBLIGATOIRE', 'Le paramètre depuis est obligatoire.');
  }
  const depuis = parseDateTime(depuisText);
  if (depuis === null) return badDate('depuis', depuisText);
  const jusqueText = params.get('jusque');
  const jusque = jusqueText === null || jusqueText === '' ? null : parseDateTime(jusqueText);
  if (jusqueText !== null && jusqueText !== '' && jusque === null)
    return badDate('jusque', jusqueText);

  const end = jusque ?? now;
  if (end.getTime() > now.getTime()) {
    return restError(400, 'GDM_PERIODE_INVALIDE', 'La date jusque ne peut pas être dans le futur.');
  }
  if (end.getTime() <= depuis.getTime()) {
    return restError(
      400,
      'GDM_PERIODE_INVALIDE',
      'La période est vide : depuis doit précéder jusque (ou l’heure du serveur).',
    );
  }

  const lists = {
    departements: params.getAll('departements'),
    communes: params.getAll('communes'),
    guichetsExclus: params.getAll('guichetsExclus'),
  };
  const invalid =
    firstInvalid('departements', lists.departements, DEPARTEMENT) ??
    firstInvalid('communes', lists.communes, COMMUNE) ??
    firstInvalid('guichetsExclus', lists.guichetsExclus, GUICHET);
  if (invalid) return invalid;

  const curseur = params.get('prochainCurseur');
  return { depuis, jusque, ...lists, curseur: curseur === '' ? null : curseur };
}

export function isGdmQuery(value: GdmQuery | RestAnswer): value is GdmQuery {
  return 'depuis' in value;
}

/** The filters, order and duplicates aside: what a cursor and a gap check compare. */
export function filterKey(f: GdmFilters): string {
  const norm = (xs: string[]): string[] => [...new Set(xs)].sort();
  return JSON.stringify([norm(f.departements), norm(f.communes), norm(f.guichetsExclus)]);
}

function parseDateTime(text: string): Date | null {
  if (!DATE_TIME.test(text)) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

function badDate(name: string, value: string): RestAnswer {
  return restError(
    400,
    'GDM_PERIODE_INVALIDE',
    `Le paramètre ${name} doit être une date-heure ISO 8601 avec son fuseau (reçu : « ${value.slice(0, 40)} »).`,
  );
}

function firstInvalid(name: string, values: string[], pattern: RegExp): RestAnswer | undefined {
  const bad = values.find((v) => !pattern.test(v));
  if (bad === undefined) return undefined;
  return restError(
    400,
    'GDM_CODE_INVALIDE',
    `Code invalide dans ${name} : « ${bad.slice(0, 20)} ».`,
  );
}
