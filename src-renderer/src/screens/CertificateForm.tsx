// Import of the guichet's PKCS#12: the file and its passphrase go to the core, which checks
// them and stores the certificate in the OS keychain. Only the public facts come back.
import { useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { CertificatInfo } from '../../../src-main/core/api-types.ts';
import { useAppState } from '../app/app-state.tsx';
import { InlineError } from '../components/states.tsx';
import { formatDate } from '../format/fr.ts';

export function CertificateSection(props: {
  certificat: CertificatInfo | null;
  onChange: () => void;
}): ReactNode {
  const { api, invalidate } = useAppState();
  const [error, setError] = useState<unknown>(null);
  const c = props.certificat;
  return (
    <fieldset className="panel">
      <legend>Certificat du guichet</legend>
      {c ? (
        <>
          <dl className="header-facts">
            <div>
              <dt>Guichet</dt>
              <dd className="mono">{c.guichet}</dd>
            </div>
            <div>
              <dt>Délivré par</dt>
              <dd>{c.issuer}</dd>
            </div>
            <div>
              <dt>Valide jusqu’au</dt>
              <dd>{formatDate(c.notAfter)}</dd>
            </div>
            <div>
              <dt>Jours restants</dt>
              <dd className={c.daysLeft < 30 ? 'text-warning' : undefined}>{c.daysLeft}</dd>
            </div>
          </dl>
          {c.daysLeft < 30 ? (
            <p className="notice notice-warning">
              Le certificat expire dans {c.daysLeft} jours : demandez son renouvellement et importez
              le nouveau avant cette date, sinon la synchronisation s’arrêtera.
            </p>
          ) : null}
          <button
            type="button"
            onClick={() => {
              setError(null);
              api.removeCertificate().then(() => {
                invalidate();
                props.onChange();
              }, setError);
            }}
          >
            Retirer le certificat
          </button>
          <InlineError error={error} />
        </>
      ) : (
        <p className="muted">Aucun certificat : importez le fichier .p12 fourni pour le guichet.</p>
      )}
      <ImportForm onImported={props.onChange} />
    </fieldset>
  );
}

function ImportForm(props: { onImported: () => void }): ReactNode {
  const { api, invalidate } = useAppState();
  const file = useRef<HTMLInputElement>(null);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<CertificatInfo | null>(null);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setError(null);
    setDone(null);
    const chosen = file.current?.files?.[0];
    if (!chosen) {
      setError(new Error('Choisissez le fichier du certificat (.p12 ou .pfx).'));
      return;
    }
    setBusy(true);
    try {
      const bytes = new Uint8Array(await chosen.arrayBuffer());
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      const info = await api.importCertificate({ pfxBase64: btoa(binary), passphrase });
      setDone(info);
      setPassphrase('');
      invalidate();
      props.onImported();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="form-grid"
      onSubmit={(e) => void submit(e)}
      aria-label="Importer un certificat"
    >
      <label htmlFor="cert-fichier">Fichier du certificat (.p12)</label>
      <input id="cert-fichier" ref={file} type="file" accept=".p12,.pfx,application/x-pkcs12" />
      <label htmlFor="cert-phrase">Phrase de passe</label>
      <input
        id="cert-phrase"
        type="password"
        autoComplete="off"
        value={passphrase}
        onChange={(e) => setPassphrase(e.target.value)}
      />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Vérification…' : 'Importer le certificat'}
        </button>
      </div>
      <InlineError error={error} />
      {done ? (
        <p role="status" className="text-ok">
          Certificat du guichet {done.guichet} importé, valide jusqu’au {formatDate(done.notAfter)}.
        </p>
      ) : null}
    </form>
  );
}
