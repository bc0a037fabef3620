// What every part of the simulator shares: the data, the clock, the journal, the fault plan and
// the latency model. server.ts builds one SimContext per running simulator; rest-server.ts and
// soap-server.ts receive it.
import type { Clock } from '../clock.ts';
import type { Movement, SimDls, SimGuichet } from './model.ts';

export interface JournalEntry {
  at: string; // server time, ISO
  guichet: string | null;
  kind: 'REST' | 'SOAP' | 'SIM';
  operation: string; // getDemandesMouvementees, getDalo, ...
  /** GDM: the window asked for; SOAP: absent. */
  window?: { depuis: string; jusque: string | null; curseur: boolean };
  numUnique?: string;
  /** SOAP calls of this guichet already in flight when this one arrived (this one excluded). */
  inFlight?: number;
  status: number;
  code?: string; // error or fault code
  fault?: FaultKind;
  violations: string[];
  durationMs?: number;
}

export interface Journal {
  record(entry: Omit<JournalEntry, 'at'>): void;
  entries(): readonly JournalEntry[];
  readonly tls: { connections: number; handshakes: number };
  clear(): void;
}

export type FaultKind =
  | 'SOAP_RECEIVER' // HTTP 500 + soap:Receiver fault
  | 'SOAP_503' // HTTP 503 + fault
  | 'HUNG' // headers never sent, socket left open
  | 'TORN' // body cut in the middle
  | 'RESET' // connection destroyed
  | 'MALFORMED_XML' // 200 with XML that does not parse
  | 'REST_429' // GDM/3DS/DRM: 429 with Retry-After
  | 'REST_503'; // GDM/3DS/DRM: 503 SNE_INDISPONIBLE

export interface FaultPlan {
  /** Draws the fault for one call of that scope, or null. Deterministic from the seed. */
  pick(scope: 'SOAP' | 'REST'): FaultKind | null;
}

export interface LatencyModel {
  /** Milliseconds to wait before answering one call. */
  delayMs(): number;
}

export interface SimData {
  guichets: Map<string, SimGuichet>;
  dls: Map<string, SimDls>;
  movements: Movement[];
}

export interface SimContext {
  data: SimData;
  clock: Clock;
  journal: Journal;
  faults: FaultPlan;
  latency: LatencyModel;
}
