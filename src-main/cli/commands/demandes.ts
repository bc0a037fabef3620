// `demandes`: the demands in the local cache, newest movement first, with an optional search
// over numbers, names and desired communes.
import { parseArgs } from 'node:util';
import { isoParis } from '../../core/clock.ts';
import { GuichetError } from '../../core/errors.ts';
import { blocsPresent } from '../../core/store/blocs.ts';
import { listDemandes } from '../../core/store/demandes.ts';
import { EXIT, type CliCommand, type CliIo } from '../command.ts';
import { cliLogger, openCliCache, resolveDataDir } from '../connection-options.ts';

export const demandesCommand: CliCommand = {
  name: 'demandes',
  summary: 'Liste les demandes du cache local (--q TEXTE pour chercher, --limit N)',
  usage: `Usage :
  sne-guichet demandes [--q TEXTE] [--limit N] [--data-dir DOSSIER] [--json]

Liste les demandes du cache local, les plus récemment mouvementées d'abord. --q cherche dans les
numéros, les noms et les communes (sans tenir compte des accents).
`,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parseArgs({
      args: argv,
      options: {
        'data-dir': { type: 'string' },
        json: { type: 'boolean', default: false },
        q: { type: 'string' },
        limit: { type: 'string', default: '100' },
      },
    });
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) {
      throw new GuichetError(
        'ARGUMENT_INVALIDE',
        '--limit attend un nombre entier entre 1 et 100000.',
      );
    }
    const store = await openCliCache(resolveDataDir(values, io.env), cliLogger(io.env, io.err));
    try {
      const rows = listDemandes(store, { ...(values.q ? { q: values.q } : {}), limit }).map(
        (r) => ({
          numUnique: r.numUnique,
          demandeur: r.demandeur,
          communes: r.communes,
          dateMouvement: r.dateMouvementMs === null ? null : isoParis(new Date(r.dateMouvementMs)),
          blocs: blocsPresent(store, r.numUnique),
        }),
      );
      if (values.json) io.out.write(`${JSON.stringify(rows)}\n`);
      else {
        for (const r of rows) {
          io.out.write(
            `${r.numUnique}  ${r.demandeur ?? '(cerfa pas encore récupéré)'}  ${r.communes.join(',')}  ${r.dateMouvement ?? ''}\n`,
          );
        }
        io.err.write(`${rows.length} demande(s).\n`);
      }
      return EXIT.OK;
    } finally {
      store.close();
    }
  },
};
