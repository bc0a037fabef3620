// What the simulator saw: every call (REST and SOAP) with its guichet, window or operation,
// in-flight count, status and rule violations, plus the TLS connection counts. Tests and
// benchmarks read it to prove the client's behaviour as the server saw it (at most 4 SOAP calls
// in flight, no second sequence within the hour, connections reused).
//
// Memory stays bounded on long runs: entries live in a ring buffer, while the counts (calls,
// violations per rule, TLS) are kept exact from the start.
import type { Clock } from '../clock.ts';
import type { Journal, JournalEntry } from './context.ts';

export const DEFAULT_JOURNAL_CAPACITY = 100_000;

export interface TlsCounts {
  /** TCP connections accepted. */
  connections: number;
  /** TLS handshakes completed (a client certificate from the CA was accepted). */
  handshakes: number;
  /** Handshakes refused (no certificate, expired, unknown CA, protocol error). */
  refused: number;
}

export interface JournalSnapshot {
  entries: JournalEntry[];
  /** Entries recorded since start (or clear), including those the ring buffer dropped. */
  total: number;
  dropped: number;
  tls: TlsCounts;
  /** Violations by rule name, exact since start (or clear). */
  violations: Record<string, number>;
}

export class SimJournal implements Journal {
  readonly tls: TlsCounts = { connections: 0, handshakes: 0, refused: 0 };
  private ring: JournalEntry[] = [];
  private head = 0; // index of the oldest entry once the ring is full
  private total = 0;
  private violationCounts = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly capacity = DEFAULT_JOURNAL_CAPACITY,
  ) {}

  record(entry: Omit<JournalEntry, 'at'>): void {
    const full: JournalEntry = { at: this.clock.now().toISOString(), ...entry };
    this.total += 1;
    for (const v of entry.violations) {
      this.violationCounts.set(v, (this.violationCounts.get(v) ?? 0) + 1);
    }
    if (this.ring.length < this.capacity) {
      this.ring.push(full);
    } else {
      this.ring[this.head] = full;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  /** Entries still held, oldest first. */
  entries(): readonly JournalEntry[] {
    if (this.head === 0) return this.ring;
    return this.ring.slice(this.head).concat(this.ring.slice(0, this.head));
  }

  violations(): Record<string, number> {
    return Object.fromEntries(this.violationCounts);
  }

  snapshot(options: { last?: number } = {}): JournalSnapshot {
    const all = this.entries();
    const { last } = options;
    const entries = last === undefined ? all.slice() : last <= 0 ? [] : all.slice(-last);
    return {
      entries,
      total: this.total,
      dropped: this.total - all.length,
      tls: { ...this.tls },
      violations: this.violations(),
    };
  }

  clear(): void {
    this.ring = [];
    this.head = 0;
    this.total = 0;
    this.violationCounts.clear();
    this.tls.connections = 0;
    this.tls.handshakes = 0;
    this.tls.refused = 0;
  }
}
