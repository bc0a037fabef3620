// `demande NUM`: one DLS from the local cache, every block as fetched (with the SNE's timestamp
// and the fetch time), keyed by the contract's element names. Attachments (the cotation note and
// the documents) are written as { contentType, taille, base64 }: the bytes in base64 and their
// count, so that the JSON stays valid and a script can decode the file.
import { parseArgs } from 'node:util';
import { GuichetError } from '../../core/errors.ts';
import { BLOCS } from '../../core/sne/blocs.ts';
import { getDemandeVue } from '../../core/api/demande-detail.ts';
import { EXIT, type CliCommand, type CliIo } from '../command.ts';
import { cliLogger, openCliCache, openSettings, resolveDataDir } from '../connection-options.ts';

const NUM_UNIQUE = /^[0-9A-B]{3}[0-9]{4}[0-9]{6}G[0-9A-Z]{4}$/;

export const demandeCommand: CliCommand = {
  name: 'demande',
  summary: 'Affiche une demande du cache local, bloc par bloc (NUM --json)',
  usage: `Usage :
  sne-guichet demande NUMERO_UNIQUE [--data-dir DOSSIER] [--json]

Affiche une demande du cache local, bloc par bloc, avec l'heure du SNE (dateFichier) et celle de
la récupération (recupereLe) de chaque bloc.
`,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { 'data-dir': { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    const num = positionals[0]?.toUpperCase();
    if (num === undefined || !NUM_UNIQUE.test(num)) {
      throw new GuichetError(
        'ARGUMENT_INVALIDE',
        'Donnez un numéro unique de 18 caractères, par exemple 1110318016982G1104.',
      );
    }
    const dataDir = resolveDataDir(values, io.env);
    const settings = openSettings(dataDir).get();
    const store = await openCliCache(dataDir, cliLogger(io.env, io.err));
    try {
      const detail = getDemandeVue(store, num, settings.blocsLourdsALaDemande, {
        avecFichiers: true,
      });
      if (!detail) {
        io.err.write(`La demande ${num} n'est pas dans le cache local.\n`);
        return EXIT.ERREUR;
      }
      const blocs = Object.fromEntries(BLOCS.map((b) => [b, detail.blocs[b] ?? null]));
      const json = { numUnique: detail.numUnique, blocs, manquants: detail.manquants };
      io.out.write(`${JSON.stringify(json, fichierEnBase64, values.json ? undefined : 2)}\n`);
      return EXIT.OK;
    } finally {
      store.close();
    }
  },
};

/** JSON replacer: an attachment's bytes become base64 with their size. */
export function fichierEnBase64(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'octets' in value) {
    const { contentType, octets } = value as { contentType?: unknown; octets: unknown };
    if (octets instanceof Uint8Array) {
      return {
        contentType,
        taille: octets.byteLength,
        base64: Buffer.from(octets).toString('base64'),
      };
    }
  }
  return value;
}
