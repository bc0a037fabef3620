// The blocks that are short lists: DALO, events, contingents, attributions, criteria.
import type { ReactNode } from 'react';
import type {
  Attribution,
  Contingent,
  Critere,
  Dalo,
  Evenement,
} from '../../../src-main/core/sne/blocs.ts';
import { ACCORD_COLLECTIF, STATUT_DALO, TYPE_RESERVATAIRE, libelle } from '../format/codes.ts';
import { formatDate, formatDateTime } from '../format/fr.ts';
import { Fields, SimpleTable } from './Fields.tsx';

export function DaloPanel(props: { dalo: Dalo }): ReactNode {
  return (
    <Fields
      items={[
        ['Statut DALO', libelle(STATUT_DALO, props.dalo.statutDalo)],
        ['Date de décision', formatDate(props.dalo.dateDecision)],
        ['Typologie', props.dalo.typologie],
      ]}
    />
  );
}

export function EvenementsPanel(props: { evenements: Evenement[] }): ReactNode {
  const sorted = [...props.evenements].sort((a, b) => b.date.localeCompare(a.date));
  return (
    <SimpleTable
      caption="Événements de la demande, du plus récent au plus ancien"
      headers={['Date', 'Événement', 'Guichet']}
      rows={sorted.map((e) => [formatDateTime(e.date), e.type, e.guichet])}
      empty="Aucun événement."
    />
  );
}

export function ContingentsPanel(props: { contingents: Contingent[] }): ReactNode {
  return (
    <SimpleTable
      caption="Contingents"
      headers={['Type de réservataire', 'Réservataire']}
      rows={props.contingents.map((c) => [
        libelle(TYPE_RESERVATAIRE, c.typeReservataire),
        c.reservataire,
      ])}
      empty="Aucun contingent."
    />
  );
}

export function AttributionsPanel(props: { attributions: Attribution[] }): ReactNode {
  return (
    <SimpleTable
      caption="Attributions"
      headers={['Décision CAL', 'Bail signé', 'Logement RPLS', 'Commune', 'QPV', 'Accord', 'DALO']}
      rows={props.attributions.map((a) => [
        formatDate(a.dateDecisionCAL),
        formatDate(a.dateSignatureBail),
        a.identifiantRPLS,
        a.communeLogement,
        a.enQPV ? `Oui${a.codeQPV ? ` (${a.codeQPV})` : ''}` : 'Non',
        libelle(ACCORD_COLLECTIF, a.accordCollectif),
        a.prioritaireDalo ? 'Prioritaire' : 'Non',
      ])}
      empty="Aucune attribution."
    />
  );
}

export function CriteresPanel(props: { criteres: Critere[] }): ReactNode {
  return (
    <SimpleTable
      caption="Critères hors Cerfa et priorités locales"
      headers={['Critère', 'Valeur', 'Priorité locale']}
      rows={props.criteres.map((c) => [
        <span key="l" title={c.code}>
          {c.libelle}
        </span>,
        c.valeur,
        c.prioriteLocale ? 'Oui' : 'Non',
      ])}
      empty="Aucun critère."
    />
  );
}
