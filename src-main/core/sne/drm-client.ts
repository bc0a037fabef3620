// The DRM adapter (GET /api/v1/demandes/{numUnique}/ressources-drm): the one module that knows
// the service's wire names. It returns the months as the SNE gives them (main applicant,
// permanent NIR only); a malformed answer is refused before anything is stored.
import type { Agent } from 'undici';
import { z } from 'zod';
import { refusSne, reponseInvalide, type Explication } from './rest-refus.ts';
import { getJson } from './tls.ts';

const SERVICE = 'DRM';
const NUM_UNIQUE = /^[0-9A-B]{3}[0-9]{4}[0-9]{6}G[0-9A-Z]{4}$/;

export interface LigneDrm {
  nature: string; // SAL, CHO, RET, PINV, ...
  source: 'DSN' | 'PASRAU';
  montantNetVerse: number;
  declarant: string | null; // employer or payer
}

export interface MoisDrm {
  periode: string; // YYYY-MM
  lignes: LigneDrm[];
}

export interface RessourcesDrm {
  numUnique: string;
  dateMiseAJour: string; // YYYY-MM-DD
  mois: MoisDrm[];
}

export const EXPLICATIONS_DRM: Readonly<Record<string, Explication>> = {
  DRM_NIR_NON_PERMANENT: {
    code: 'SNE_ERREUR',
    message:
      "Le DRM ne couvre que les demandeurs titulaires d'un NIR permanent : ce demandeur n'a pas de NIR ou un NIR provisoire. Appuyez-vous sur les ressources déclarées.",
  },
  DRM_INCOHERENCE_ETAT_CIVIL: {
    code: 'SNE_ERREUR',
    message:
      "L'état civil du demandeur et son NIR ne concordent pas entre le SNE et le DRM : aucune ressource n'est affichée. Vérifiez l'identité saisie dans la demande.",
  },
  DRM_DEMANDE_INCONNUE: {
    code: 'SNE_ERREUR',
    message:
      'Le SNE ne connaît pas de demande accessible à ce guichet sous ce numéro unique (numéro erroné, demande radiée et purgée, ou hors de votre territoire).',
  },
};

const drmSchema = z.object({
  numUnique: z.string().regex(NUM_UNIQUE),
  dateMiseAJour: z.string().regex(/^\d{4}-\d{2}-\d{2}/),
  mois: z
    .array(
      z.object({
        periode: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
        lignes: z.array(
          z.object({
            nature: z.string().min(1),
            source: z.enum(['DSN', 'PASRAU']),
            montantNetVerse: z.number().finite(),
            declarant: z.string().nullable().optional(),
          }),
        ),
      }),
    )
    .max(3),
});

export interface DrmClient {
  getRessourcesDrm(numUnique: string, options?: { signal?: AbortSignal }): Promise<RessourcesDrm>;
}

export function createDrmClient(options: {
  sneUrl: string;
  agent: Agent;
  timeoutMs?: number;
}): DrmClient {
  const root = options.sneUrl.replace(/\/+$/, '');
  return {
    async getRessourcesDrm(numUnique, callOptions = {}) {
      const url = `${root}/api/v1/demandes/${encodeURIComponent(numUnique)}/ressources-drm`;
      const response = await getJson(options.agent, url, {
        ...(callOptions.signal ? { signal: callOptions.signal } : {}),
        timeoutMs: options.timeoutMs ?? 60_000,
      });
      // 204 or an empty body: DRM has nothing yet for this applicant (domain.md B11).
      if (response.status === 204 || (response.status === 200 && response.body === null)) {
        return { numUnique, dateMiseAJour: '', mois: [] };
      }
      if (response.status !== 200) throw refusSne(SERVICE, response, EXPLICATIONS_DRM);
      const drm = parseRessourcesDrm(response.body);
      if (drm.numUnique !== numUnique) throw reponseInvalide(SERVICE, 'numéro unique différent');
      return drm;
    },
  };
}

export function parseRessourcesDrm(body: unknown): RessourcesDrm {
  const parsed = drmSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw reponseInvalide(SERVICE, issue ? `champ ${issue.path.join('.') || 'racine'}` : 'forme');
  }
  const r = parsed.data;
  return {
    numUnique: r.numUnique,
    dateMiseAJour: r.dateMiseAJour.slice(0, 10),
    mois: r.mois.map((m) => ({
      periode: m.periode,
      lignes: m.lignes.map((l) => ({
        nature: l.nature,
        source: l.source,
        montantNetVerse: l.montantNetVerse,
        declarant: l.declarant ?? null,
      })),
    })),
  };
}
