// An API failure as the screens see it, whichever transport carried it: a stable code and a
// French message written by the core.
export class ApiCallError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ApiCallError';
    this.code = code;
  }
}

/** The French message to show for any failure. */
export function messageErreur(error: unknown): string {
  if (error instanceof ApiCallError) return error.message;
  // Electron's IPC wraps the main process's message: "Error invoking remote method 'x': Error: …"
  if (error instanceof Error) {
    const parsed = parseIpcError(error.message);
    if (parsed) return parsed.message;
    return error.message || 'Erreur inattendue.';
  }
  return 'Erreur inattendue.';
}

export function codeErreur(error: unknown): string | null {
  if (error instanceof ApiCallError) return error.code;
  if (error instanceof Error) return parseIpcError(error.message)?.code ?? null;
  return null;
}

// The main process throws Error(JSON.stringify({code, message})) so that the code survives IPC.
function parseIpcError(text: string): { code: string; message: string } | null {
  const start = text.indexOf('{"code"');
  if (start < 0) return null;
  try {
    const value = JSON.parse(text.slice(start)) as { code?: unknown; message?: unknown };
    if (typeof value.code === 'string' && typeof value.message === 'string') {
      return { code: value.code, message: value.message };
    }
  } catch {
    // Not our JSON payload: fall back to the raw message.
  }
  return null;
}
