// The arguments of every GuichetApi method, checked at the edge: they arrive from IPC or HTTP as
// `unknown`. A refusal is a GuichetError ARGUMENT_INVALIDE with a French message naming the
// field; nothing reaches the core unchecked. Unknown keys are refused (strict objects), so a
// renderer cannot slip in a field the core would trust.
import { z } from 'zod';
import type { GuichetApi } from './api-types.ts';
import { GuichetError } from './errors.ts';
import { BLOCS } from './sne/blocs.ts';

const NUM_UNIQUE = /^[0-9AB]{3}[0-9]{10}G[0-9A-Z]{4}$/;
const DEPARTEMENT = /^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])$/;
const COMMUNE = /^([0-9]{5}|2A[0-9]{3}|2B[0-9]{3})$/;
const GUICHET = /^G[0-9A-Z]{4}$/;
const HEURE = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/;

const numUnique = z
  .string()
  .regex(NUM_UNIQUE, 'numéro unique invalide (18 caractères, ex. 042031800012G1104)');
const bloc = z.enum(BLOCS);
const departement = z.string().regex(DEPARTEMENT, 'code de département invalide');
const commune = z.string().regex(COMMUNE, 'code commune INSEE invalide');

export const listeDemandesQuerySchema = z.strictObject({
  q: z.string().max(200).optional(),
  departement: departement.optional(),
  commune: commune.optional(),
  statutDalo: z.enum(['NON', 'ACTIF', 'CADUC', 'ACTREL']).optional(),
  etat: z.enum(['ACTIVE', 'RADIEE']).optional(),
  mouvementeDepuis: z.string().regex(DATE, 'date invalide').optional(),
  enEchec: z.boolean().optional(),
  tri: z
    .strictObject({
      colonne: z.enum(['numUnique', 'demandeur', 'dateMouvement', 'recupereLe']),
      sens: z.enum(['asc', 'desc']),
    })
    .optional(),
  offset: z.number().int().min(0).max(10_000_000).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});

export const settingsPatchSchema = z.strictObject({
  environnement: z.enum(['SIMULATEUR', 'ECOLE', 'PROD']).optional(),
  sneUrl: z
    .string()
    .regex(/^https:\/\/[^\s/]+(:\d+)?(\/[^\s]*)?$/, 'adresse du SNE invalide (https://hôte[:port])')
    .optional(),
  departements: z.array(departement).max(120).optional(),
  communes: z.array(commune).max(5000).optional(),
  guichetsExclus: z
    .array(z.string().regex(GUICHET, 'code guichet invalide (ex. G1104)'))
    .max(200)
    .optional(),
  overlapMinutes: z
    .number()
    .int()
    .min(0, 'chevauchement négatif')
    .max(120, 'chevauchement de plus de 2 heures')
    .optional(),
  horaires: z
    .array(z.string().regex(HEURE, 'heure invalide (HH:MM)'))
    .min(1, 'au moins une heure')
    .max(24)
    .optional(),
  blocsLourdsALaDemande: z.boolean().optional(),
  // The data folder is chosen at install or with --data-dir, never moved by the renderer.
});

export const importCertificatSchema = z.strictObject({
  // A PKCS#12 of a guichet is a few kilobytes; 1 MB leaves room and refuses absurd payloads.
  pfxBase64: z
    .string()
    .min(1, 'fichier vide')
    .max(1_400_000, 'fichier trop gros pour un certificat')
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'contenu du fichier illisible'),
  passphrase: z.string().max(1024),
});

export const filtres3dsSchema = z.strictObject({
  annee: z.number().int().min(2017).max(2100),
  departements: z.array(departement).max(120),
  epci: z.array(z.string().regex(/^\d{9}$/, 'SIREN d’EPCI invalide (9 chiffres)')).max(2000),
  perimetre: z.enum(['TOUS', 'REFORME', 'HORS_REFORME']),
});

const id = z.number().int().min(1);
const none = z.tuple([]);

/** Positional arguments of each method (onSyncProgress is a subscription, not a call). */
export const apiArgumentSchemas = {
  listDemandes: z.tuple([listeDemandesQuerySchema]),
  getDemande: z.tuple([numUnique]),
  refreshDemande: z.tuple([numUnique, z.array(bloc).max(BLOCS.length).optional()]),
  getPiece: z.tuple([
    numUnique,
    z
      .string()
      .min(1)
      .max(255)
      .regex(/^[^/\\]+$/, 'nom de fichier invalide'),
  ]),
  getSyncStatus: none,
  startSync: none,
  retryFailures: none,
  listSequences: z.tuple([z.number().int().min(1).max(1000)]),
  getSettings: none,
  updateSettings: z.tuple([settingsPatchSchema]),
  useBuiltInSimulator: none,
  importCertificate: z.tuple([importCertificatSchema]),
  getCertificate: none,
  removeCertificate: none,
  clearLocalData: none,
  getDrm: z.tuple([numUnique]),
  list3dsTerritoires: z.tuple([z.array(departement).max(120)]),
  extract3ds: z.tuple([filtres3dsSchema]),
  list3dsExtractions: none,
  get3dsExtraction: z.tuple([id]),
  export3ds: z.tuple([id]),
} satisfies Record<Exclude<keyof GuichetApi, 'onSyncProgress'>, z.ZodType>;

export type ApiMethod = keyof typeof apiArgumentSchemas;

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.hasOwn(apiArgumentSchemas, name);
}

/**
 * Checks a call's method and arguments. Trailing `undefined`s (optional arguments JSON dropped
 * or IPC carried as undefined) are tolerated; anything else that does not match is refused.
 */
export function validateCall(
  method: unknown,
  args: unknown,
): { method: ApiMethod; args: unknown[] } {
  if (!isApiMethod(method)) {
    throw new GuichetError('ARGUMENT_INVALIDE', 'Opération inconnue.', { method: String(method) });
  }
  if (!Array.isArray(args)) {
    throw new GuichetError('ARGUMENT_INVALIDE', 'Arguments invalides : une liste est attendue.');
  }
  const trimmed = [...(args as unknown[])];
  while (trimmed.length > 0 && trimmed[trimmed.length - 1] === undefined) trimmed.pop();
  const result = apiArgumentSchemas[method].safeParse(padOptional(method, trimmed));
  if (!result.success) {
    throw new GuichetError('ARGUMENT_INVALIDE', frenchIssues(result.error), { method });
  }
  return { method, args: result.data };
}

// zod tuples want every position present: give optional trailing positions an explicit undefined.
function padOptional(method: ApiMethod, args: unknown[]): unknown[] {
  const expected = apiArgumentSchemas[method].def.items.length;
  const padded = [...args];
  while (padded.length < expected) padded.push(undefined);
  return padded;
}

function frenchIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    if (issue.code === 'unrecognized_keys') return `champ non prévu : ${issue.keys.join(', ')}`;
    const path = issue.path.filter((p) => typeof p === 'string').join('.');
    const message = /^[a-zé]/.test(issue.message) ? issue.message : 'valeur invalide';
    return path ? `${path} : ${message}` : message;
  });
  return `Arguments invalides — ${parts.join(' ; ')}.`;
}
