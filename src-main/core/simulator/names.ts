// Word lists for fictitious people and places in the simulator. Common French names, assembled
// for this project; any resemblance to a real household is chance.

/** Splits a comma-separated list (kept as text so that the formatter leaves it compact). */
function liste(text: string): readonly string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export const PRENOMS_FEMININS = liste(`
  Marie, Nathalie, Isabelle, Sylvie, Catherine, Christine, Sandrine, Véronique, Valérie,
  Sophie, Céline, Aurélie, Julie, Émilie, Camille, Léa, Manon, Chloé, Inès, Sarah, Laura,
  Pauline, Mélanie, Audrey, Élodie, Fatima, Aïcha, Nadia, Samira, Yasmine, Mariam, Aminata,
  Fatoumata, Awa, Khadija, Lucie, Jeanne, Louise, Alice, Zoé, Anaïs, Océane, Margaux,
  Clémence, Hélène, Brigitte, Monique, Josiane, Françoise, Martine, Maëlle, Noémie, Lina,
  Rose, Agathe
`);

export const PRENOMS_MASCULINS = liste(`
  Jean, Pierre, Michel, Philippe, Alain, Patrick, Nicolas, Christophe, Laurent, Stéphane,
  Sébastien, Frédéric, Julien, David, Thomas, Alexandre, Maxime, Kévin, Romain, Mathieu,
  Antoine, Hugo, Lucas, Théo, Nathan, Louis, Gabriel, Mohamed, Karim, Mehdi, Youssef,
  Rachid, Samir, Moussa, Mamadou, Ibrahima, Ousmane, Abdoulaye, Bruno, Didier, Gérard,
  Bernard, Jacques, René, Yves, Olivier, Jérôme, Cédric, Grégory, Damien, Quentin, Enzo,
  Noah, Adam, Éric
`);

export const NOMS = liste(`
  Martin, Bernard, Thomas, Petit, Robert, Richard, Durand, Dubois, Moreau, Laurent, Simon,
  Michel, Lefèvre, Leroy, Roux, David, Bertrand, Morel, Fournier, Girard, Bonnet, Dupont,
  Lambert, Fontaine, Rousseau, Vincent, Muller, Lefebvre, Faure, André, Mercier, Blanc,
  Guérin, Boyer, Garnier, Chevalier, François, Legrand, Gauthier, Garcia, Perrin, Robin,
  Clément, Morin, Nicolas, Henry, Roussel, Mathieu, Gautier, Masson, Marchand, Duval,
  Denis, Dumont, Marie, Lemaire, Noël, Meyer, Dufour, Meunier, Brun, Blanchard, Giraud,
  Joly, Rivière, Lucas, Brunet, Gaillard, Barbier, Arnaud, Martinez, Gérard, Roche, Renard,
  Schmitt, Roy, Leroux, Colin, Vidal, Caron, Picard, Diallo, Traoré, Camara, Keita, Benali,
  Haddad, Mansouri, Nguyen, Tran, Pereira, Da Silva, Fernandes, Le Gall, Le Goff, Kerjean,
  Santoni, Paoli, Payet, Hoarau, Grondin, Rivière-Lebon, Jean-Baptiste, Madi, Abdallah
`);

export const TYPES_VOIE = liste(`
  rue, avenue, boulevard, allée, impasse, place, chemin
`);

export const NOMS_VOIE = liste(`
  de la République, Victor Hugo, Jean Jaurès, de la Gare, Pasteur, du Général de Gaulle,
  des Lilas, de la Paix, Jules Ferry, Gambetta, de la Liberté, des Écoles, du Moulin,
  de la Mairie, Émile Zola, Louise Michel, des Tilleuls, du Stade, Aristide Briand,
  Anatole France, des Peupliers, du Marché, de Verdun, Voltaire
`);

export const PROFESSIONS = liste(`
  Aide-soignante, Agent d’entretien, Cariste, Caissière, Employé administratif,
  Auxiliaire de vie, Chauffeur livreur, Agent de sécurité, Cuisinier, Vendeuse,
  Manutentionnaire, Assistante maternelle, Serveur, Maçon, Électricien,
  Secrétaire médicale, Agent de restauration, Préparateur de commandes, Infirmier
`);

export const EMPLOYEURS = liste(`
  SAS Propreté Services, Hôpital intercommunal, Logistique Express SARL,
  Supermarché du Centre, Association Aide à Domicile, Mairie, Transports Urbains,
  Restaurant Le Relais, Sécurité Gardiennage SA, Clinique des Sources, BTP Construction,
  EHPAD Les Glycines
`);

/** Contingent holders: the label a reservataire carries, by typeReservataire. */
export const RESERVATAIRES: Record<string, readonly string[]> = {
  COLTER: ['Commune', 'Conseil départemental', 'EPCI'],
  COLACT: ['Action Logement Services'],
  PPRIOR: ['Préfecture – contingent prioritaire'],
  PFONCT: ['Préfecture – fonctionnaires de l’État'],
  AUTRES: ['Organisme collecteur', 'Ministère des Armées'],
  AUCUN: ['Hors contingent'],
};
