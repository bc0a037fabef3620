// GuichetApi: settings, the certificate, the built-in simulator and erasing local data.
import type { GuichetApi } from '../api-types.ts';
import { GuichetError } from '../errors.ts';
import type { ApiContext } from './context.ts';
import { settle } from './settle.ts';

export function settingsApi(
  ctx: ApiContext,
): Pick<
  GuichetApi,
  | 'getSettings'
  | 'updateSettings'
  | 'useBuiltInSimulator'
  | 'importCertificate'
  | 'getCertificate'
  | 'removeCertificate'
  | 'clearLocalData'
> {
  return {
    getSettings: () => settle(() => ctx.settings.get()),
    updateSettings: (patch) =>
      settle(() => {
        const next = ctx.settings.update(patch);
        ctx.logger.info('settings.updated', { keys: Object.keys(patch) });
        return next;
      }),
    useBuiltInSimulator: async () => {
      if (!ctx.simulateur) {
        throw new GuichetError(
          'INTERNE',
          'Le simulateur intégré n’est pas disponible dans cette installation.',
        );
      }
      return ctx.simulateur.use();
    },
    importCertificate: (request) =>
      ctx.certificates.import(Buffer.from(request.pfxBase64, 'base64'), request.passphrase),
    getCertificate: () => ctx.certificates.info(),
    removeCertificate: () => ctx.certificates.remove(),
    clearLocalData: async () => {
      await ctx.clearLocalData();
      ctx.logger.info('local_data.cleared');
    },
  };
}
