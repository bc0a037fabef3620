// What a REST route of the simulator decides, before it is written to the socket and journaled:
// a status, a JSON body, extra headers, and the facts the journal keeps (error code, rule
// violations, the GDM window).
import type { JournalEntry } from './context.ts';

export interface RestAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** The error code of an Erreur body. */
  code?: string;
  violations: string[];
  window?: JournalEntry['window'];
  numUnique?: string;
}

/** An answer with the contract's Erreur body: a stable code and a French message. */
export function restError(
  status: number,
  code: string,
  message: string,
  extra: Partial<Pick<RestAnswer, 'headers' | 'violations'>> = {},
): RestAnswer {
  return {
    status,
    body: { code, message },
    code,
    headers: extra.headers,
    violations: extra.violations ?? [],
  };
}
