// The 3DS reporting adapter (GET /api/v1/reporting-3ds): the one module that knows the
// service's wire names. Filters go out as query parameters; the answer is checked in full and
// mapped to Rapport3ds, so that a malformed answer is refused before anything is stored.
import type { Agent } from 'undici';
import { z } from 'zod';
import type { Filtres3ds } from '../api-types.ts';
import type { Rapport3ds } from '../reporting/rapport-3ds.ts';
import { refusSne, reponseInvalide, type Explication } from './rest-refus.ts';
import { getJson } from './tls.ts';

const PATH = '/api/v1/reporting-3ds';
const SERVICE = '3DS';

export const EXPLICATIONS_3DS: Readonly<Record<string, Explication>> = {
  '3DS_ANNEE_NON_AUTORISEE': {
    code: 'SNE_REGLE',
    message:
      "Le SNE refuse cette année : avant le 1er mars de l'année N, seules N-1 et N sont possibles ; à partir du 1er mars, seulement N.",
  },
  '3DS_FILTRE_INVALIDE': {
    code: 'SNE_REGLE',
    message:
      "Le SNE refuse ces filtres : vérifiez les codes de département et que chaque EPCI/EPT choisi a son siège dans l'un des départements retenus.",
  },
  '3DS_GUICHET_NON_BAILLEUR': {
    code: 'SNE_REGLE',
    message:
      "Le reporting 3DS est réservé aux guichets de type bailleur : le certificat utilisé n'est pas celui d'un guichet bailleur.",
  },
};

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}/);
const part = z.number().min(0).max(1).nullable().optional();
const compte = z.number().int().nonnegative();

const agregeSchema = z.object({
  departement: z.string(),
  epci: z.string(),
  nomEpci: z.string(),
  soumisReforme: z.boolean(),
  seuilQ1: z.number().nullable().optional(),
  horsQPV: z.object({ attributions: compte, q1: compte, relogesANRU: compte, partQ1EtANRU: part }),
  enQPV: z.object({ attributions: compte, q2q3q4: compte, partQ2Q3Q4: part }),
});

const detailSchema = z.object({
  numUnique: z.string().regex(/^[0-9A-B]{3}[0-9]{4}[0-9]{6}G[0-9A-Z]{4}$/),
  departement: z.string(),
  epci: z.string(),
  communeLogement: z.string().nullable().optional(),
  enQPV: z.boolean(),
  codeQPV: z.string().nullable().optional(),
  quartile: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  ressourcesAnnuellesParUC: z.number().nullable().optional(),
  relogeANRU: z.boolean().optional(),
  dateSignatureBail: date,
  dateRadiation: date.nullable().optional(),
  delaiSignatureRadiationJours: z.number().int().nullable().optional(),
  dateRemonteeSNE: date.nullable().optional(),
  delaiRemonteeRadiationJours: z.number().int().nullable().optional(),
});

const reportingSchema = z.object({
  annee: z.number().int(),
  dateExtraction: date,
  dateArretDonnees: date,
  bailleur: z
    .object({ guichet: z.string().nullable().optional(), siren: z.string().nullable().optional() })
    .nullable()
    .optional(),
  agrege: z.array(agregeSchema),
  detail: z.array(detailSchema),
});

export interface Reporting3dsClient {
  getReporting3ds(filtres: Filtres3ds, options?: { signal?: AbortSignal }): Promise<Rapport3ds>;
}

/** `sneUrl` is the SNE root (https://host:port); the adapter adds the service path. */
export function createReporting3dsClient(options: {
  sneUrl: string;
  agent: Agent;
  timeoutMs?: number;
}): Reporting3dsClient {
  const root = options.sneUrl.replace(/\/+$/, '');
  return {
    async getReporting3ds(filtres, callOptions = {}) {
      const response = await getJson(options.agent, `${root}${PATH}?${query3ds(filtres)}`, {
        ...(callOptions.signal ? { signal: callOptions.signal } : {}),
        // A whole year of a large bailleur's detail: allow the SNE time to build it.
        timeoutMs: options.timeoutMs ?? 180_000,
      });
      if (response.status !== 200) throw refusSne(SERVICE, response, EXPLICATIONS_3DS);
      const rapport = parseReporting3ds(response.body);
      if (rapport.annee !== filtres.annee) {
        throw reponseInvalide(
          SERVICE,
          `année ${String(rapport.annee)} au lieu de ${String(filtres.annee)}`,
        );
      }
      return rapport;
    },
  };
}

export function query3ds(filtres: Filtres3ds): string {
  const params = new URLSearchParams();
  params.set('annee', String(filtres.annee));
  for (const d of filtres.departements) params.append('departements', d);
  for (const e of filtres.epci) params.append('epci', e);
  params.set('perimetreReforme', filtres.perimetre);
  return params.toString();
}

export function parseReporting3ds(body: unknown): Rapport3ds {
  const parsed = reportingSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw reponseInvalide(SERVICE, issue ? `champ ${issue.path.join('.') || 'racine'}` : 'forme');
  }
  const r = parsed.data;
  return {
    annee: r.annee,
    dateExtraction: r.dateExtraction.slice(0, 10),
    dateArretDonnees: r.dateArretDonnees.slice(0, 10),
    bailleur: r.bailleur
      ? { guichet: r.bailleur.guichet ?? null, siren: r.bailleur.siren ?? null }
      : null,
    agrege: r.agrege.map((a) => ({
      departement: a.departement,
      epci: a.epci,
      nomEpci: a.nomEpci,
      soumisReforme: a.soumisReforme,
      seuilQ1: a.seuilQ1 ?? null,
      horsQPV: {
        attributions: a.horsQPV.attributions,
        q1: a.horsQPV.q1,
        relogesANRU: a.horsQPV.relogesANRU,
        partQ1EtANRU: a.horsQPV.partQ1EtANRU ?? null,
      },
      enQPV: {
        attributions: a.enQPV.attributions,
        q2q3q4: a.enQPV.q2q3q4,
        partQ2Q3Q4: a.enQPV.partQ2Q3Q4 ?? null,
      },
    })),
    detail: r.detail.map((d) => ({
      numUnique: d.numUnique,
      departement: d.departement,
      epci: d.epci,
      communeLogement: d.communeLogement ?? null,
      enQPV: d.enQPV,
      codeQPV: d.codeQPV ?? null,
      quartile: d.quartile,
      ressourcesAnnuellesParUC: d.ressourcesAnnuellesParUC ?? null,
      relogeANRU: d.relogeANRU ?? false,
      dateSignatureBail: d.dateSignatureBail.slice(0, 10),
      dateRadiation: d.dateRadiation?.slice(0, 10) ?? null,
      delaiSignatureRadiationJours: d.delaiSignatureRadiationJours ?? null,
      dateRemonteeSNE: d.dateRemonteeSNE?.slice(0, 10) ?? null,
      delaiRemonteeRadiationJours: d.delaiRemonteeRadiationJours ?? null,
    })),
  };
}
