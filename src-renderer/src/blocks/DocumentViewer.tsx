// A document opened inside the application (PDF or image), in a modal dialog.
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

export function DocumentViewer(props: {
  title: string;
  url: string;
  contentType: string;
  onClose: () => void;
}): ReactNode {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
    return () => URL.revokeObjectURL(props.url);
  }, [props.url]);
  return (
    <dialog ref={dialog} className="viewer" aria-label={props.title} onClose={props.onClose}>
      <header className="viewer-header">
        <h2>{props.title}</h2>
        <button type="button" onClick={() => dialog.current?.close()}>
          Fermer
        </button>
      </header>
      {props.contentType.startsWith('image/') ? (
        <img src={props.url} alt={props.title} className="viewer-body" />
      ) : (
        <iframe src={props.url} title={props.title} className="viewer-body" sandbox="" />
      )}
    </dialog>
  );
}
