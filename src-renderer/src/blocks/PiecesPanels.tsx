// The cotation (with its note document) and the supporting documents, each with open and save.
import { useState } from 'react';
import type { ReactNode } from 'react';
import type {
  Cotation,
  NoteCotation,
  PieceJustificative,
} from '../../../src-main/core/sne/blocs.ts';
import { useAppState } from '../app/app-state.tsx';
import { InlineError } from '../components/states.tsx';
import { formatDate, formatEntier } from '../format/fr.ts';
import { DocumentViewer } from './DocumentViewer.tsx';
import { Fields, SimpleTable } from './Fields.tsx';
import { loadPiece, savePiece } from './file-actions.ts';

export function CotationPanel(props: {
  numUnique: string;
  cotation: Cotation | null | undefined;
  note: NoteCotation | null | undefined;
  noteManquante: string | null;
}): ReactNode {
  const c = props.cotation;
  return (
    <div className="block">
      {c ? (
        <>
          <Fields
            items={[
              ['Note', <strong key="n">{formatEntier(c.note)} points</strong>],
              [
                'Positionnement',
                `${formatEntier(c.positionnement)}ᵉ parmi les demandes similaires`,
              ],
              ['Délai moyen d’attente', `${formatEntier(c.delaiMoyenAttenteMois)} mois`],
              ['Calculée le', formatDate(c.dateCalcul)],
            ]}
          />
          <SimpleTable
            caption="Critères cotés"
            headers={['Critère', 'Points']}
            rows={c.listeCritereCote.map((k) => [
              <span key="l" title={k.code}>
                {k.libelle}
              </span>,
              formatEntier(k.points),
            ])}
            empty="Aucun critère coté."
          />
        </>
      ) : (
        <p className="muted">Cette demande n’a pas (encore) été cotée.</p>
      )}
      <h3>Note de cotation</h3>
      {props.note ? (
        <FileActions numUnique={props.numUnique} nomFichier={props.note.nomFichier} />
      ) : (
        <p className="muted">{props.noteManquante ?? 'Aucune note de cotation.'}</p>
      )}
    </div>
  );
}

export function PiecesPanel(props: { numUnique: string; pieces: PieceJustificative[] }): ReactNode {
  return (
    <SimpleTable
      caption="Pièces justificatives"
      headers={['Type', 'Fichier', 'Déposée le', 'Taille', 'Actions']}
      rows={props.pieces.map((p) => [
        p.type,
        p.nomFichier,
        formatDate(p.dateDepot),
        `${formatEntier(Math.ceil(p.taille / 1024))} Ko`,
        <FileActions key="a" numUnique={props.numUnique} nomFichier={p.nomFichier} />,
      ])}
      empty="Aucune pièce justificative."
    />
  );
}

function FileActions(props: { numUnique: string; nomFichier: string }): ReactNode {
  const { api } = useAppState();
  const [open, setOpen] = useState<{ url: string; contentType: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  return (
    <span className="file-actions">
      <button
        type="button"
        onClick={() => {
          setError(null);
          loadPiece(api, props.numUnique, props.nomFichier).then(setOpen, setError);
        }}
      >
        Ouvrir<span className="sr-only"> {props.nomFichier}</span>
      </button>
      <button
        type="button"
        onClick={() => {
          setError(null);
          savePiece(api, props.numUnique, props.nomFichier).catch(setError);
        }}
      >
        Enregistrer<span className="sr-only"> {props.nomFichier}</span>
      </button>
      <InlineError error={error} />
      {open ? (
        <DocumentViewer
          title={props.nomFichier}
          url={open.url}
          contentType={open.contentType}
          onClose={() => setOpen(null)}
        />
      ) : null}
    </span>
  );
}
