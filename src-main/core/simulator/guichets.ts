// The guichets the simulator knows. G1104 (a bailleur, Île-de-France and two neighbouring
// departments) and G2201 (a commune) have test certificates; the others author movements, so
// that guichetsExclus has something to leave out, and G3301 is not enabled for GDM.
import type { SimGuichet } from './model.ts';

export const ILE_DE_FRANCE_DEPARTEMENTS = ['75', '77', '78', '91', '92', '93', '94', '95'];

export function simGuichets(tousDepartements: readonly string[]): SimGuichet[] {
  return [
    {
      code: 'G1104',
      type: 'BAILLEUR',
      nom: 'Habitat Solidaire Île-de-France',
      siren: '399104110',
      departements: [...ILE_DE_FRANCE_DEPARTEMENTS, '60', '27'],
      gdmHabilite: true,
    },
    {
      code: 'G2201',
      type: 'COMMUNE',
      nom: 'Mairie de Saint-Brieuc',
      siren: '212202780',
      departements: ['22'],
      gdmHabilite: true,
    },
    {
      code: 'G1301',
      type: 'BAILLEUR',
      nom: 'Logis Provence Méditerranée',
      siren: '399130130',
      departements: ['13', '84'],
      gdmHabilite: true,
    },
    {
      code: 'G2A01',
      type: 'BAILLEUR',
      nom: 'Office de l’habitat de Corse',
      siren: '399200201',
      departements: ['2A', '2B'],
      gdmHabilite: true,
    },
    {
      code: 'G9741',
      type: 'COMMUNE',
      nom: 'Mairie de Saint-Denis (La Réunion)',
      siren: '219744110',
      departements: ['974'],
      gdmHabilite: true,
    },
    {
      code: 'G6901',
      type: 'ACTION_LOGEMENT',
      nom: 'Action Logement Services',
      siren: '399690690',
      departements: [...tousDepartements],
      gdmHabilite: true,
    },
    {
      code: 'G3301',
      type: 'BAILLEUR',
      nom: 'Gironde Habitat Social',
      siren: '399330330',
      departements: ['33'],
      gdmHabilite: false,
    },
  ];
}
