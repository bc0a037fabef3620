// `sync`: what the planner allows now (at most one GDM sequence), then the fetch queue drained.
// Exit 0 when a sequence ran and the queue is empty; 3 when no sequence was allowed (it says
// when the next one is); 1 on error.
import { parseArgs } from 'node:util';
import { isGuichetError, type GuichetError } from '../../core/errors.ts';
import type { SyncRunResult } from '../../core/sync/sync-service.ts';
import { SyncService } from '../../core/sync/sync-service.ts';
import { EXIT, type CliCommand, type CliIo } from '../command.ts';
import {
  CONNECTION_OPTIONS,
  cliClock,
  cliLogger,
  openCliCache,
  openSettings,
  rememberOptions,
  resolveConnection,
  resolveDataDir,
} from '../connection-options.ts';
import { attachProgressBar } from '../progress-bar.ts';
import { formatHeure } from '../format.ts';

export const syncCommand: CliCommand = {
  name: 'sync',
  summary: 'Synchronise avec le SNE (une séquence GDM si elle est permise, puis les blocs)',
  usage: `Usage :
  sne-guichet sync [--sne-url https://HOTE:PORT] [--pfx FICHIER --passphrase-env VARIABLE]
                   [--ca FICHIER] [--departements 93,2A] [--communes 93066,2A004]
                   [--guichets-exclus G1104,G2201] [--overlap-minutes N] [--data-dir DOSSIER] [--json]

Fait ce que les règles du SNE permettent maintenant : au plus une séquence GDM, puis la
récupération des blocs qui ont bougé (4 appels au plus en même temps), y compris ceux laissés
par une synchronisation interrompue. Sans --pfx, le certificat du trousseau est utilisé. Les
options données sont retenues dans le dossier de données.
Codes de sortie : 0 séquence faite et file vidée, 3 aucune séquence permise maintenant, 1 erreur.
`,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parseArgs({ args: argv, options: CONNECTION_OPTIONS, strict: true });
    const dataDir = resolveDataDir(values, io.env);
    const settings = openSettings(dataDir);
    rememberOptions(settings, values);
    const logger = cliLogger(io.env, io.err);
    const store = await openCliCache(dataDir, logger);
    try {
      const service = new SyncService({
        store,
        settings,
        connection: () => resolveConnection(settings.get(), io.env),
        dataDir,
        logger,
        clock: cliClock(io.env),
      });
      const detach =
        !values.json && io.err.isTTY ? attachProgressBar(service, io.err) : () => undefined;
      let result: SyncRunResult;
      try {
        result = await service.run({ signal: io.signal });
      } finally {
        detach();
      }
      const code = exitCode(result);
      if (values.json) io.out.write(`${JSON.stringify(toJson(result, code, service))}\n`);
      else io.err.write(describe(result));
      return code;
    } finally {
      store.close();
    }
  },
};

export function exitCode(r: SyncRunResult): number {
  if (r.busy) return EXIT.PAS_AUTORISE;
  if (r.gdmError || r.drain?.stoppedBy) return EXIT.ERREUR;
  const s = r.sequence;
  if (s?.kind === 'attente') return EXIT.PAS_AUTORISE;
  if (s?.kind === 'interrompue') return s.untilMs === null ? EXIT.ERREUR : EXIT.PAS_AUTORISE;
  return r.pending === 0 ? EXIT.OK : EXIT.ERREUR;
}

function toJson(r: SyncRunResult, code: number, service: SyncService): Record<string, unknown> {
  const status = service.status();
  return {
    exitCode: code,
    busy: r.busy,
    sequence: r.sequence,
    erreur: errorJson(r.gdmError ?? r.drain?.stoppedBy ?? null),
    blocs: r.drain
      ? { recuperes: r.drain.fetched, echecs: r.drain.failed, reessais: r.drain.retried }
      : null,
    nextAllowedAt: status.nextAllowedAt,
    queue: status.queue,
    gaps: status.gaps,
  };
}

function errorJson(e: GuichetError | null): { code: string; message: string } | null {
  return e && isGuichetError(e) ? { code: e.code, message: e.message } : null;
}

function describe(r: SyncRunResult): string {
  const lines: string[] = [];
  if (r.busy) lines.push('Une synchronisation est déjà en cours avec ce dossier de données.');
  const s = r.sequence;
  if (s?.kind === 'termine')
    lines.push(`Séquence GDM terminée : ${s.demandes} demande(s) mouvementée(s).`);
  if (s?.kind === 'attente') {
    lines.push(
      `Pas de nouvelle séquence GDM permise maintenant : prochaine possible ${formatHeure(r.nextAllowedLocalMs ?? s.untilMs)}.`,
    );
  }
  if (s?.kind === 'interrompue') {
    lines.push(
      s.untilMs === null
        ? `Séquence GDM interrompue (${s.raison}) : la fenêtre sera redemandée dès que la règle horaire le permet.`
        : `Le SNE demande d'attendre (${s.raison}) : prochaine séquence ${formatHeure(r.nextAllowedLocalMs ?? s.untilMs)}.`,
    );
  }
  if (r.gdmError) lines.push(r.gdmError.message);
  if (r.drain) {
    lines.push(
      `Blocs récupérés : ${r.drain.fetched}, en échec : ${r.drain.failed}, restant à faire : ${r.pending}.`,
    );
    if (r.drain.stoppedBy) lines.push(r.drain.stoppedBy.message);
  }
  return `${lines.join('\n')}\n`;
}
