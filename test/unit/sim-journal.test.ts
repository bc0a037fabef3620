// The simulator journal keeps the latest entries in a bounded ring, oldest first, while its
// counts (calls, violations by rule) stay exact since the start.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src-main/core/clock.ts';
import { SimJournal } from '../../src-main/core/simulator/journal.ts';

function record(journal: SimJournal, i: number, violations: string[] = []): void {
  journal.record({ guichet: 'G1104', kind: 'REST', operation: `op${i}`, status: 200, violations });
}

describe('simulator journal', () => {
  it('keeps the last entries within its capacity and exact counts beyond it', () => {
    const journal = new SimJournal(new ManualClock('2025-01-01T00:00:00Z'), 5);
    for (let i = 0; i < 12; i++) record(journal, i, i % 3 === 0 ? ['GDM_FREQUENCE_MAX'] : []);
    expect(journal.entries().map((e) => e.operation)).toEqual([
      'op7',
      'op8',
      'op9',
      'op10',
      'op11',
    ]);
    const snapshot = journal.snapshot({ last: 2 });
    expect(snapshot.entries.map((e) => e.operation)).toEqual(['op10', 'op11']);
    expect(snapshot).toMatchObject({ total: 12, dropped: 7, violations: { GDM_FREQUENCE_MAX: 4 } });
    expect(journal.snapshot({ last: 0 }).entries).toEqual([]);
  });

  it('stamps entries with the server clock and forgets everything on clear', () => {
    const clock = new ManualClock('2025-01-01T00:00:00Z');
    const journal = new SimJournal(clock, 5);
    clock.advance(90_000);
    record(journal, 1, ['X']);
    journal.tls.handshakes += 1;
    expect(journal.entries()[0]?.at).toBe('2025-01-01T00:01:30.000Z');
    journal.clear();
    expect(journal.snapshot()).toEqual({
      entries: [],
      total: 0,
      dropped: 0,
      tls: { connections: 0, handshakes: 0, refused: 0 },
      violations: {},
    });
  });
});
