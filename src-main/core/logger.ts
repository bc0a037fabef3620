// One structured logger for the whole core. Events are English, fields are data; personal data
// never reaches a sink: DLS numbers, names, NIR and amounts are redacted here, whatever the
// caller passed, so that a careless call site cannot leak them.

export type Level = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogRecord {
  time: string;
  level: Level;
  subsystem: string;
  event: string;
  [field: string]: unknown;
}

export type LogSink = (record: LogRecord) => void;

export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  child(subsystem: string): Logger;
}

// Keys whose values are personal data or amounts, whatever their content.
const SENSITIVE_KEYS =
  /^(nom|prenom|nomPatronymique|nir|mel|telPortable|montant\w*|numUnique|numUniques|demandeur|adresse\w*|voie|libelle|reservataire|dateNaissance|passphrase|password|pfx|key|cle)$/i;
// A DLS number anywhere in a string: 18 chars, territory + month/year + sequence + guichet.
const NUM_UNIQUE = /\b[0-9AB]{3}[0-9]{10}G[0-9A-Z]{4}\b/g;
// A NIR: 13 digits (Corsica 2A/2B) plus an optional 2-digit key.
const NIR = /\b[12][0-9]{2}(0[1-9]|1[0-2]|[2-9][0-9])(2A|2B|[0-9]{2})[0-9]{6}([0-9]{2})?\b/g;
const AMOUNT = /\b\d[\d\s\u202f]*[.,]\d{2}\s?(€|EUR)/g;

export function redact(value: unknown, key?: string): unknown {
  if (key !== undefined && SENSITIVE_KEYS.test(key)) return '[masqué]';
  if (typeof value === 'string') {
    return value.replace(NUM_UNIQUE, '[num]').replace(NIR, '[nir]').replace(AMOUNT, '[montant]');
  }
  if (Array.isArray(value)) return value.map((v) => redact(v));
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, code, message: redact(value.message) };
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redact(v, k);
    return out;
  }
  return value;
}

export function createLogger(
  sink: LogSink,
  options: { level?: Level; subsystem?: string } = {},
): Logger {
  const min = LEVELS[options.level ?? 'info'];
  const subsystem = options.subsystem ?? 'core';
  const emit = (level: Level, event: string, fields: Record<string, unknown> = {}): void => {
    if (LEVELS[level] < min) return;
    const safe = redact(fields) as Record<string, unknown>;
    sink({ ...safe, time: new Date().toISOString(), level, subsystem, event });
  };
  return {
    debug: (e, f) => emit('debug', e, f),
    info: (e, f) => emit('info', e, f),
    warn: (e, f) => emit('warn', e, f),
    error: (e, f) => emit('error', e, f),
    child: (name) => createLogger(sink, { ...options, subsystem: `${subsystem}.${name}` }),
  };
}

/** JSON lines on a writable stream (stderr for the CLI, a file for the app). */
export function streamSink(stream: NodeJS.WritableStream): LogSink {
  return (record) => {
    stream.write(`${JSON.stringify(record)}\n`);
  };
}

export const silentLogger: Logger = createLogger(() => undefined);
