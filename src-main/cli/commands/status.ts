// `status`: where the synchronisation stands, from the local cache only (no SNE call).
import { parseArgs } from 'node:util';
import { GuichetError } from '../../core/errors.ts';
import { SyncService, type SyncStatusData } from '../../core/sync/sync-service.ts';
import { describeProtection, protectionStatus } from '../certificate-status.ts';
import { EXIT, type CliCommand, type CliIo } from '../command.ts';
import {
  cliClock,
  cliLogger,
  openCliCache,
  openSettings,
  resolveDataDir,
} from '../connection-options.ts';

export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'État de la synchronisation (fenêtre, prochaine séquence, file, échecs)',
  usage: `Usage :
  sne-guichet status [--data-dir DOSSIER] [--json]

État de la synchronisation : fenêtre atteinte, dernière et prochaine séquence permise, trous,
file des blocs, échecs et leur raison, expiration du certificat.
`,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parseArgs({
      args: argv,
      options: { 'data-dir': { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    const dataDir = resolveDataDir(values, io.env);
    const settings = openSettings(dataDir);
    const store = await openCliCache(dataDir, cliLogger(io.env, io.err));
    try {
      const service = new SyncService({
        store,
        settings,
        connection: () =>
          Promise.reject(new GuichetError('INTERNE', 'status ne contacte pas le SNE')),
        dataDir,
        clock: cliClock(io.env),
      });
      const status = service.status();
      // alerteFrequence is for the text and the UI; the JSON keeps the documented fields.
      const json: Partial<SyncStatusData> = { ...status };
      delete json.alerteFrequence;
      const protection = await protectionStatus(settings.get(), store, io.env);
      io.out.write(
        values.json
          ? `${JSON.stringify({ ...json, ...protection })}\n`
          : `${describe(status)}${describeProtection(protection).join('\n')}\n`,
      );
      return EXIT.OK;
    } finally {
      store.close();
    }
  },
};

function describe(s: SyncStatusData): string {
  const lines = [
    `Fenêtre couverte jusqu'au : ${s.watermark ?? 'aucune synchronisation terminée'}`,
    `Dernière séquence GDM : ${s.lastSequenceAt ?? 'aucune'}`,
    `Prochaine séquence permise : ${s.nextAllowedAt ?? 'maintenant'}`,
    `File : ${s.queue.pending} à faire, ${s.queue.done} faits, ${s.queue.failed} en échec`,
  ];
  for (const g of s.gaps) {
    lines.push(
      `Trou non couvert : du ${g.depuis} au ${g.jusque} (application fermée plus de 7 jours)`,
    );
  }
  if (s.alerteFrequence)
    lines.push('Attention : moins de 2 séquences GDM dans les dernières 24 h.');
  for (const f of s.failures.slice(0, 20))
    lines.push(`Échec ${f.numUnique} ${f.bloc} : ${f.code} ${f.message}`);
  if (s.failures.length > 20) lines.push(`… et ${s.failures.length - 20} autre(s) échec(s).`);
  return `${lines.join('\n')}\n`;
}
