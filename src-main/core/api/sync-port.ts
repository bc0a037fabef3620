// The SyncPort over the engine's SyncService. A sequence can take minutes: startSync answers as
// soon as the run has begun (or why it cannot), and the run goes on in the background with its
// progress events; its end is reported to `onRunEnd` (tray, notification) and in the status.
import type { SyncStartResult, SyncStatus } from '../api-types.ts';
import { isoParis } from '../clock.ts';
import { GuichetError, isGuichetError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Bloc } from '../sne/blocs.ts';
import type { SyncRunResult, SyncService } from '../sync/sync-service.ts';
import type { CertificatePort, SyncPort } from './context.ts';

export interface SyncPortOptions {
  service: SyncService;
  certificates: CertificatePort;
  logger: Logger;
  /** Called when a background run ends, with its error if it failed. */
  onRunEnd?: (result: SyncRunResult | null, error: GuichetError | null) => void;
}

export function syncPort(o: SyncPortOptions): SyncPort {
  let horsLigne = false;
  const note = (error: unknown): GuichetError => {
    const e = isGuichetError(error)
      ? error
      : new GuichetError(
          'INTERNE',
          'La synchronisation s’est arrêtée sur une erreur inattendue.',
          {},
          { cause: error },
        );
    horsLigne = e.code === 'SNE_INJOIGNABLE';
    return e;
  };

  function runInBackground(): void {
    o.service.run().then(
      (result) => {
        horsLigne = result.gdmError?.code === 'SNE_INJOIGNABLE';
        o.onRunEnd?.(result, null);
      },
      (error: unknown) => {
        const e = note(error);
        o.logger.warn('sync.run_failed', { code: e.code });
        o.onRunEnd?.(null, e);
      },
    );
  }

  async function requireCertificate(): Promise<void> {
    if ((await o.certificates.current()) === null) {
      throw new GuichetError(
        'CERT_ABSENT',
        'Aucun certificat de guichet : importez-le dans Paramètres avant de synchroniser.',
      );
    }
  }

  return {
    status: () =>
      Promise.resolve().then((): SyncStatus => ({
        ...o.service.status(),
        running: o.service.isRunning,
        progress: o.service.currentProgress(),
        horsLigne,
      })),
    async start(): Promise<SyncStartResult> {
      if (o.service.isRunning) {
        return {
          started: false,
          raison: 'Une synchronisation est déjà en cours.',
          nextAllowedAt: null,
        };
      }
      await requireCertificate();
      const next = o.service.status().nextAllowedAt;
      runInBackground();
      // The run still drains the queue when no new GDM sequence is allowed yet: say so.
      return {
        started: true,
        raison: next
          ? `Pas de nouvelle séquence avant ${formatHeure(next)} (une par heure) : les blocs en attente sont récupérés.`
          : null,
        nextAllowedAt: next,
      };
    },
    async refreshDemande(numUnique: string, blocs?: Bloc[]): Promise<void> {
      await requireCertificate();
      try {
        const result = await o.service.refreshDemande(numUnique, blocs);
        if (result.busy) {
          throw new GuichetError(
            'SNE_REGLE',
            'Une synchronisation est en cours : la demande sera actualisée avec elle, réessayez ensuite.',
          );
        }
        horsLigne = false;
      } catch (error) {
        throw note(error);
      }
    },
    retryFailures: () =>
      Promise.resolve().then(() => {
        const n = o.service.retryFailures();
        if (n > 0 && !o.service.isRunning) runInBackground();
        return n;
      }),
    sequences: (limit) => Promise.resolve().then(() => o.service.sequences(limit)),
    onProgress: (listener) => o.service.onProgress((_event, snapshot) => listener(snapshot)),
  };
}

function formatHeure(iso: string): string {
  return isoParis(new Date(iso)).slice(11, 16);
}
