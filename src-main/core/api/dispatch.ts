// The one entry both transports call: a method name and arguments that arrived as `unknown`,
// validated, then run; any failure comes back as {code, message} in French. Errors the core did
// not anticipate are logged (without personal data) and shown as a generic French message.
import type { ApiError, GuichetApi } from '../api-types.ts';
import { validateCall } from '../api-validation.ts';
import { isGuichetError } from '../errors.ts';
import type { Logger } from '../logger.ts';

export type CallOutcome = { ok: true; value: unknown } | { ok: false; error: ApiError };

export async function dispatchCall(
  api: GuichetApi,
  method: unknown,
  args: unknown,
  logger: Logger,
): Promise<CallOutcome> {
  try {
    const call = validateCall(method, args);
    const value: unknown = await (api[call.method] as (...a: unknown[]) => Promise<unknown>).apply(
      api,
      call.args,
    );
    return { ok: true, value: value ?? null };
  } catch (error) {
    return {
      ok: false,
      error: toApiError(error, typeof method === 'string' ? method : '?', logger),
    };
  }
}

export function toApiError(error: unknown, method: string, logger: Logger): ApiError {
  if (isGuichetError(error)) {
    logger.warn('api.refused', { method, code: error.code });
    return { code: error.code, message: error.message };
  }
  logger.error('api.failed', { method, error });
  return {
    code: 'INTERNE',
    message:
      'Erreur inattendue de l’application. Les données locales ne sont pas modifiées ; ' +
      'réessayez, et signalez le problème s’il persiste.',
  };
}
