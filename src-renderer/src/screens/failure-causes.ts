// Failures grouped by cause, each with a plain explanation and the action that fixes it.
import type { Failure } from '../../../src-main/core/api-types.ts';

export type FailureAction = 'retry' | 'certificate' | 'assistance' | 'none';

export interface FailureGroup {
  code: string;
  explication: string;
  action: FailureAction;
  failures: Failure[];
}

const CAUSES: Record<string, { explication: string; action: FailureAction }> = {
  NUM_INCONNU: {
    explication:
      'Le SNE ne connaît pas ce numéro (demande purgée ou erronée). Réessayer ne changera rien.',
    action: 'none',
  },
  ACCES_REFUSE: {
    explication:
      'Le guichet n’est pas habilité à lire ces demandes (territoire hors de ses habilitations). Contactez l’assistance du SNE si c’est inattendu.',
    action: 'assistance',
  },
  TLS_REFUS: {
    explication:
      'Le SNE a refusé le certificat du guichet. Remplacez-le par un certificat valide pour cet environnement.',
    action: 'certificate',
  },
  CERT_EXPIRE: {
    explication: 'Le certificat du guichet a expiré. Importez le nouveau certificat.',
    action: 'certificate',
  },
};

const TRANSIENT = {
  explication:
    'Le SNE n’a pas répondu correctement (erreur temporaire, délai dépassé ou réponse incomplète). Les autres blocs sont à jour ; réessayez.',
  action: 'retry' as const,
};

export function groupFailures(failures: Failure[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const failure of failures) {
    const cause =
      CAUSES[failure.code] ??
      (failure.code.startsWith('CTRL_DEM') ? CAUSES['NUM_INCONNU'] : TRANSIENT);
    const group = groups.get(failure.code) ?? {
      code: failure.code,
      explication: cause?.explication ?? TRANSIENT.explication,
      action: cause?.action ?? 'retry',
      failures: [],
    };
    group.failures.push(failure);
    groups.set(failure.code, group);
  }
  return [...groups.values()].sort((a, b) => b.failures.length - a.failures.length);
}
