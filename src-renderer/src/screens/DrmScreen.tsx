// Ressources DRM: the three months the SNE collected for a DLS's main applicant (montant net
// versé, DSN or PASRAU, payer), the monthly totals, and the resources declared in the Cerfa
// beside them with the difference, shown without judgement. Several candidates can be looked up
// at once; the core runs them through the same 4 SNE slots as the synchronisation.
import { useEffect, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { GuichetApi, RessourcesDrmVue } from '../../../src-main/core/api-types.ts';
import { messageErreur } from '../api/api-error.ts';
import { formatDate, formatMontant } from '../format/fr.ts';
import '../styles/reporting.css';

type Resultat =
  | { numUnique: string; etat: 'chargement' }
  | { numUnique: string; etat: 'ok'; vue: RessourcesDrmVue }
  | { numUnique: string; etat: 'erreur'; message: string };

const NATURES: Record<string, string> = {
  SAL: 'Salaire',
  CHO: 'Allocation chômage',
  RET: 'Retraite',
  PINV: "Pension d'invalidité",
  IJ: 'Indemnités journalières',
};

/** `numUnique`: a demand to look up on arrival (the route #/drm/NUM from a demand's page). */
export function DrmScreen(props: { api: GuichetApi; numUnique?: string | null }): ReactNode {
  const { api, numUnique: initial } = props;
  const [saisie, setSaisie] = useState(initial ?? '');
  const [resultats, setResultats] = useState<Resultat[]>(() =>
    initial ? [{ numUnique: initial, etat: 'chargement' }] : [],
  );

  function remplacer(r: Resultat): void {
    setResultats((list) =>
      list.some((x) => x.numUnique === r.numUnique)
        ? list.map((x) => (x.numUnique === r.numUnique ? r : x))
        : [...list, r],
    );
  }

  function interroger(numUnique: string): void {
    api.getDrm(numUnique).then(
      (vue) => remplacer({ numUnique, etat: 'ok', vue }),
      (error: unknown) => remplacer({ numUnique, etat: 'erreur', message: messageErreur(error) }),
    );
  }

  function lancer(event: FormEvent): void {
    event.preventDefault();
    const nums = [
      ...new Set(
        saisie
          .toUpperCase()
          .split(/[\s,;]+/)
          .filter((s) => s !== ''),
      ),
    ];
    setResultats(nums.map((numUnique) => ({ numUnique, etat: 'chargement' })));
    // All at once: the core queues them on the SNE slots it shares with the synchronisation.
    for (const numUnique of nums) interroger(numUnique);
  }

  useEffect(() => {
    if (initial) interroger(initial);
    // Only on arrival with a number: later lookups go through the form.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initial]);

  return (
    <section className="screen screen-drm" aria-labelledby="titre-drm">
      <header className="screen-header">
        <h1 id="titre-drm">Ressources DRM</h1>
      </header>
      <p className="muted">
        Le DRM ne couvre que le demandeur principal titulaire d’un NIR permanent, à partir des
        déclarations DSN et PASRAU (sans revenus d’indépendant). Les montants sont des « montants
        nets versés » : ils peuvent différer de quelques pour cent d’un bulletin de paie.
      </p>
      <form className="reporting-filters" onSubmit={lancer} aria-label="Recherche DRM">
        <label>
          Numéro unique, ou plusieurs pour les candidats sélectionnés (un par ligne)
          <textarea
            rows={3}
            cols={26}
            value={saisie}
            placeholder="0690318000123G1104"
            onChange={(e) => setSaisie(e.target.value)}
          />
        </label>
        <button className="button primary" type="submit" disabled={saisie.trim() === ''}>
          Consulter le DRM
        </button>
      </form>
      {resultats.map((r) => (
        <DrmResultat key={r.numUnique} resultat={r} />
      ))}
    </section>
  );
}

function DrmResultat(props: { resultat: Resultat }): ReactNode {
  const r = props.resultat;
  return (
    <article className="reporting-section" aria-label={`DRM de ${r.numUnique}`}>
      <h2>
        <code>{r.numUnique}</code>
      </h2>
      {r.etat === 'chargement' ? (
        <p role="status">Interrogation du SNE…</p>
      ) : r.etat === 'erreur' ? (
        <p className="inline-error" role="alert">
          {r.message}
        </p>
      ) : (
        <DrmMois vue={r.vue} />
      )}
    </article>
  );
}

function DrmMois(props: { vue: RessourcesDrmVue }): ReactNode {
  const { vue } = props;
  if (vue.mois.length === 0) {
    return <p className="muted">Le DRM n’a encore aucune ressource pour ce demandeur.</p>;
  }
  return (
    <div className="table-scroll">
      <table className="table">
        <caption>{`Trois derniers mois connus, mis à jour le ${formatDate(vue.dateMiseAJour)}`}</caption>
        <thead>
          <tr>
            <th scope="col">Mois</th>
            <th scope="col">Nature</th>
            <th scope="col">Source</th>
            <th scope="col">Verseur</th>
            <th scope="col" className="cell-num">
              Montant net versé
            </th>
            <th scope="col" className="cell-num">
              Déclaré dans la demande
            </th>
            <th scope="col" className="cell-num">
              Écart (versé − déclaré)
            </th>
          </tr>
        </thead>
        {vue.mois.map((m) => (
          <tbody key={m.periode}>
            {m.lignes.length === 0 ? (
              <tr>
                <th scope="row">{libelleMois(m.periode)}</th>
                <td colSpan={6} className="muted">
                  Aucune déclaration reçue pour ce mois (déclaration tardive possible).
                </td>
              </tr>
            ) : (
              m.lignes.map((l, i) => (
                <tr key={`${m.periode}-${i}`}>
                  <th scope="row">{i === 0 ? libelleMois(m.periode) : ''}</th>
                  <td title={l.nature}>{NATURES[l.nature] ?? l.nature}</td>
                  <td>{l.source}</td>
                  <td>{l.declarant ?? '—'}</td>
                  <td className="cell-num">{formatMontant(l.montantNetVerse)}</td>
                  <td />
                  <td />
                </tr>
              ))
            )}
            <tr className="drm-total">
              <th scope="row" colSpan={4}>{`Total ${libelleMois(m.periode)}`}</th>
              <td className="cell-num">
                <strong>{formatMontant(m.total)}</strong>
              </td>
              <td className="cell-num">{formatMontant(m.declare)}</td>
              <td className="cell-num">{ecart(m.ecart)}</td>
            </tr>
          </tbody>
        ))}
      </table>
      {vue.mois.some((m) => m.ecart === null) ? (
        <p className="muted">
          Écart non calculable : la demande n’est pas dans le cache local, ses ressources déclarées
          ne sont donc pas connues. Synchronisez-la pour les voir ici.
        </p>
      ) : null}
    </div>
  );
}

function ecart(value: number | null): string {
  if (value === null) return 'non calculable';
  return `${value > 0 ? '+' : ''}${formatMontant(value)}`;
}

function libelleMois(periode: string): string {
  const [annee, mois] = periode.split('-').map(Number);
  const date = new Date(Date.UTC(annee ?? 1970, (mois ?? 1) - 1, 15));
  return date.toLocaleDateString('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}
