// The three environments the agent chooses from. The ÉCOLE host is the one the SNE documents
// for its unitary services (domain.md A2); the PROD host follows the same naming and is an
// assumption the agent can correct in the address field.
import type { Environnement } from '../../../src-main/core/api-types.ts';

export const ENVIRONNEMENTS: {
  id: Environnement;
  label: string;
  url: string | null;
  aide: string;
}[] = [
  {
    id: 'SIMULATEUR',
    label: 'Simulateur intégré',
    url: null,
    aide: 'Un SNE local avec des demandes fictives, pour découvrir ou former sans certificat réel.',
  },
  {
    id: 'ECOLE',
    label: 'ÉCOLE',
    url: 'https://nuu-ws.ecole.application.developpement-durable.gouv.fr',
    aide: 'L’environnement de test du SNE : données fictives, certificat ÉCOLE.',
  },
  {
    id: 'PROD',
    label: 'PROD',
    url: 'https://nuu-ws.application.developpement-durable.gouv.fr',
    aide: 'Le SNE réel : données personnelles des demandeurs, certificat de production.',
  },
];

export function libelleEnvironnement(id: Environnement): string {
  return ENVIRONNEMENTS.find((e) => e.id === id)?.label ?? id;
}
