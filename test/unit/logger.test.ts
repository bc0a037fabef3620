import { describe, expect, it } from 'vitest';
import { createLogger, type LogRecord } from '../../src-main/core/logger.ts';
import { isoParis } from '../../src-main/core/clock.ts';

describe('logger', () => {
  it('masks DLS numbers, NIR, names and amounts whatever the field', () => {
    const records: LogRecord[] = [];
    const log = createLogger((r) => records.push(r));
    log.info('bloc.fetched', {
      numUnique: '1110318016982G1104',
      note: 'DLS 0931124000123G1104 NIR 185057800608491 loyer 1 880,00 €',
      nom: 'DUPONT',
      latencyMs: 12,
    });
    const line = JSON.stringify(records);
    expect(line).not.toContain('1110318016982G1104');
    expect(line).not.toContain('0931124000123G1104');
    expect(line).not.toContain('185057800608491');
    expect(line).not.toContain('DUPONT');
    expect(line).not.toContain('880');
    expect(records[0]?.['latencyMs']).toBe(12);
  });

  it('drops records under the minimum level', () => {
    const records: LogRecord[] = [];
    const log = createLogger((r) => records.push(r), { level: 'warn' });
    log.info('quiet');
    log.error('loud');
    expect(records.map((r) => r.event)).toEqual(['loud']);
  });
});

describe('isoParis', () => {
  it('writes the Paris offset, winter and summer', () => {
    expect(isoParis(new Date('2024-12-03T09:15:02.120Z'))).toBe('2024-12-03T10:15:02.120+01:00');
    expect(isoParis(new Date('2024-07-01T22:30:00.000Z'))).toBe('2024-07-02T00:30:00.000+02:00');
  });
});
