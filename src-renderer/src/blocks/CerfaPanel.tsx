// The Cerfa: applicant, household, current and wanted housing, radiation.
import type { ReactNode } from 'react';
import type { Cerfa, Ressource } from '../../../src-main/core/sne/blocs.ts';
import {
  CONTRAT_TRAVAIL,
  LIEN_DEMANDEUR,
  LIEN_PARENTE,
  MODELE_LOGEMENT,
  MOTIF_DEMANDE,
  MOTIF_RADIATION,
  RESSOURCE,
  SITUATION_FAMILIALE,
  SOUS_MOTIF_RADIATION,
  libelle,
} from '../format/codes.ts';
import { formatDate, formatMontant } from '../format/fr.ts';
import { Fields, SimpleTable } from './Fields.tsx';

/** `nomsCommunes`: INSEE code -> name, from the demand view; a code without a name stays a code. */
export function CerfaPanel(props: {
  cerfa: Cerfa;
  nomsCommunes: Record<string, string>;
}): ReactNode {
  const c = props.cerfa;
  const commune = (code: string): string => {
    const nom = props.nomsCommunes[code];
    return nom === undefined ? code : `${nom} (${code})`;
  };
  const d = c.personnePhysique.demandeur;
  return (
    <div className="block">
      <h3>Demandeur</h3>
      <Fields
        items={[
          ['Nom', `${d.nom} ${d.prenom}`],
          ['Né(e) le', formatDate(d.dateNaissance)],
          ['Situation familiale', libelle(SITUATION_FAMILIALE, d.situationFamiliale)],
          ['Téléphone', d.telPortable],
          ['Courriel', d.mel],
          [
            'Adresse',
            `${d.adressePostale.numero ?? ''} ${d.adressePostale.voie}, ${d.adressePostale.codePostal} ${commune(d.adressePostale.commune)}`.trim(),
          ],
          [
            'Contrat de travail',
            libelle(CONTRAT_TRAVAIL, d.situationProfessionnelle.typeContratTravail),
          ],
          [
            `Revenu fiscal ${d.revenuFiscal.anneeMoins1}`,
            formatMontant(d.revenuFiscal.montantMoins1),
          ],
          [
            `Revenu fiscal ${d.revenuFiscal.anneeMoins2}`,
            formatMontant(d.revenuFiscal.montantMoins2),
          ],
        ]}
      />
      <Ressources caption="Ressources mensuelles déclarées" lignes={d.listeRessourceRecue} />
      <h3>Ménage</h3>
      <SimpleTable
        caption="Personnes à charge"
        headers={['Nom', 'Né(e) le', 'Lien']}
        rows={c.personnePhysique.listePersonneACharge.map((p) => [
          `${p.nom} ${p.prenom}`,
          formatDate(p.dateNaissance),
          libelle(LIEN_PARENTE, p.lienParente),
        ])}
        empty="Aucune personne à charge."
      />
      <SimpleTable
        caption="Cotitulaires"
        headers={['Nom', 'Né(e) le', 'Lien avec le demandeur']}
        rows={c.listeCotitulaire.map((p) => [
          `${p.nom} ${p.prenom}`,
          formatDate(p.dateNaissance),
          libelle(LIEN_DEMANDEUR, p.lienDemandeur),
        ])}
        empty="Aucun cotitulaire."
      />
      <h3>Logement</h3>
      <Fields
        items={[
          ['Logement actuel', libelle(MODELE_LOGEMENT, c.logementActuel.modeleLogement)],
          ['Loyer mensuel', formatMontant(c.logementActuel.montantMensuelLoyer)],
          ['Occupants', c.logementActuel.nombreHabitant],
          ['Motif de la demande', libelle(MOTIF_DEMANDE, c.motifDemande)],
          ['Types recherchés', c.logementRecherche.listeTypeLogement.join(', ')],
          [
            'Communes souhaitées',
            c.logementRecherche.listeLocalisationSouhaite.map((l) => commune(l.commune)).join(', '),
          ],
          ['Demande élargie', c.logementRecherche.demandeElargie ? 'Oui' : 'Non'],
          ['Créée le', formatDate(c.dateCreationDemande)],
          ['Renouvelée le', formatDate(c.dateRenouvellement)],
          ['Guichet', c.numGuichet],
        ]}
      />
      {c.radiation ? (
        <>
          <h3>Radiation</h3>
          <Fields
            items={[
              ['Motif', libelle(MOTIF_RADIATION, c.radiation.motifRadiation)],
              ['Sous-motif', libelle(SOUS_MOTIF_RADIATION, c.radiation.sousMotifRadiation)],
              ['Date', formatDate(c.radiation.dateRadiation)],
            ]}
          />
        </>
      ) : null}
    </div>
  );
}

function Ressources(props: { caption: string; lignes: Ressource[] }): ReactNode {
  return (
    <SimpleTable
      caption={props.caption}
      headers={['Nature', 'Montant mensuel']}
      rows={props.lignes.map((r) => [libelle(RESSOURCE, r.ressource), formatMontant(r.montant)])}
      empty="Aucune ressource déclarée."
    />
  );
}
