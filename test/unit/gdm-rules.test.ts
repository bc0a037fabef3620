// The SNE's GDM rules as the simulator enforces them, on a small hand-made data set and a manual
// clock, so that each rule is exercised at its exact boundary.
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src-main/core/clock.ts';
import type { SimContext, SimData } from '../../src-main/core/simulator/context.ts';
import { GdmService, GDM_VIOLATIONS } from '../../src-main/core/simulator/gdm-service.ts';
import { SimJournal } from '../../src-main/core/simulator/journal.ts';
import type { Movement, SimDls, SimGuichet } from '../../src-main/core/simulator/model.ts';
import type { RestAnswer } from '../../src-main/core/simulator/rest-answer.ts';
import type { Bloc } from '../../src-main/core/sne/blocs.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = new Date('2025-03-10T12:00:00.000Z');

interface Page {
  depuis: string;
  jusque: string;
  nombreTotal: number;
  demandes: { numUnique: string; dateMouvement: string; natures: string[] }[];
  prochainCurseur: string | null;
}

function guichet(code: string, departements: string[], gdmHabilite = true): SimGuichet {
  return { code, type: 'BAILLEUR', nom: code, siren: '000000000', departements, gdmHabilite };
}

function dls(numUnique: string, communes: string[]): SimDls {
  const departements = [
    ...new Set(communes.map((c) => (c.startsWith('97') ? c.slice(0, 3) : c.slice(0, 2)))),
  ];
  // The GDM rules read only the numbers and desired locations; the blocks stay empty.
  return {
    numUnique,
    communes,
    departements,
    statutNir: 'PERMANENT',
    etatCivilCoherent: true,
    drm: [],
    suiviAttributions: [],
    purgee: false,
    blocs: {} as SimDls['blocs'],
  };
}

const NUM = {
  paris: '0750325000001G1104',
  bobigny: '0930325000002G1104',
  evry: '0910325000003G1104',
  lyon: '0690325000004G6901',
};

function world(): { ctx: SimContext; clock: ManualClock; data: SimData } {
  const clock = new ManualClock(T0);
  const data: SimData = {
    guichets: new Map(
      [
        guichet('G1104', ['75', '91', '93']),
        guichet('G2201', ['22']),
        guichet('G3301', ['33'], false),
      ].map((g) => [g.code, g]),
    ),
    dls: new Map(
      [
        dls(NUM.paris, ['75056']),
        dls(NUM.bobigny, ['93008', '75056']),
        dls(NUM.evry, ['91228']),
        dls(NUM.lyon, ['69123']),
      ].map((d) => [d.numUnique, d]),
    ),
    movements: [],
  };
  const ctx: SimContext = {
    data,
    clock,
    journal: new SimJournal(clock),
    faults: { pick: () => null },
    latency: { delayMs: () => 0 },
  };
  return { ctx, clock, data };
}

function move(
  data: SimData,
  numUnique: string,
  at: Date,
  guichetCode = 'G9999',
  natures: Bloc[] = ['cerfa'],
  delayMs = 0,
): void {
  const m: Movement = {
    numUnique,
    at,
    visibleAt: new Date(at.getTime() + delayMs),
    guichet: guichetCode,
    natures,
  };
  data.movements.push(m);
}

function q(params: Record<string, string | string[] | Date>): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const one of Array.isArray(v) ? v : [v])
      out.append(k, one instanceof Date ? one.toISOString() : one);
  }
  return out;
}

function ago(clock: ManualClock, ms: number): Date {
  return new Date(clock.now().getTime() - ms);
}

function page(answer: RestAnswer): Page {
  expect(answer.status).toBe(200);
  return answer.body as Page;
}

function code(answer: RestAnswer): string | undefined {
  return (answer.body as { code?: string }).code;
}

describe('GDM rules', () => {
  let ctx: SimContext;
  let clock: ManualClock;
  let data: SimData;
  let gdm: GdmService;

  beforeEach(() => {
    ({ ctx, clock, data } = world());
    gdm = new GdmService(ctx, { pageSize: 2 });
  });

  it('refuses a depth over 7 days and accepts exactly 7 days', () => {
    const tooDeep = gdm.handle('G1104', q({ depuis: ago(clock, 7 * 24 * HOUR + 1000) }));
    expect(tooDeep.status).toBe(400);
    expect(code(tooDeep)).toBe('GDM_PROFONDEUR_MAX');
    expect(tooDeep.violations).toContain(GDM_VIOLATIONS.profondeur);
    expect(gdm.handle('G1104', q({ depuis: ago(clock, 7 * 24 * HOUR) })).status).toBe(200);
  });

  it('checks depuis, the period and the codes', () => {
    expect(code(gdm.handle('G1104', q({})))).toBe('GDM_DEPUIS_OBLIGATOIRE');
    expect(code(gdm.handle('G1104', q({ depuis: 'hier' })))).toBe('GDM_PERIODE_INVALIDE');
    expect(code(gdm.handle('G1104', q({ depuis: '2025-03-10T10:00:00' })))).toBe(
      'GDM_PERIODE_INVALIDE',
    );
    const future = new Date(clock.now().getTime() + MIN);
    expect(code(gdm.handle('G1104', q({ depuis: ago(clock, HOUR), jusque: future })))).toBe(
      'GDM_PERIODE_INVALIDE',
    );
    expect(
      code(gdm.handle('G1104', q({ depuis: ago(clock, HOUR), jusque: ago(clock, 2 * HOUR) }))),
    ).toBe('GDM_PERIODE_INVALIDE');
    const bads: Record<string, string>[] = [
      { departements: '96' },
      { communes: '7505' },
      { guichetsExclus: 'X1104' },
      { departements: '75,93' },
    ];
    for (const bad of bads) {
      const answer = gdm.handle('G1104', q({ depuis: ago(clock, HOUR), ...bad }));
      expect([answer.status, code(answer)]).toEqual([400, 'GDM_CODE_INVALIDE']);
    }
    // Corsica and overseas are valid codes.
    expect(
      gdm.handle(
        'G1104',
        q({ depuis: ago(clock, HOUR), departements: ['2A', '974'], communes: '2B033' }),
      ).status,
    ).toBe(200);
  });

  it('answers 403 to a guichet not enabled for GDM, and to an unknown one', () => {
    expect([
      gdm.handle('G3301', q({ depuis: ago(clock, HOUR) })).status,
      code(gdm.handle('G3301', q({ depuis: ago(clock, HOUR) }))),
    ]).toEqual([403, 'GDM_NON_HABILITE']);
    expect(gdm.handle('G0000', q({ depuis: ago(clock, HOUR) })).status).toBe(403);
  });

  it('allows one new sequence per 60 minutes, with Retry-After the seconds left', () => {
    expect(gdm.handle('G1104', q({ depuis: ago(clock, HOUR) })).status).toBe(200);
    clock.advance(45 * MIN);
    const refused = gdm.handle('G1104', q({ depuis: ago(clock, HOUR) }));
    expect([refused.status, code(refused)]).toEqual([429, 'GDM_FREQUENCE_MAX']);
    expect(refused.headers?.['retry-after']).toBe(String(15 * 60));
    expect(refused.violations).toContain(GDM_VIOLATIONS.frequence);
    // Another guichet has its own budget.
    expect(gdm.handle('G2201', q({ depuis: ago(clock, HOUR) })).status).toBe(200);
    clock.advance(15 * MIN - 1);
    expect(gdm.handle('G1104', q({ depuis: ago(clock, HOUR) })).status).toBe(429);
    clock.advance(1);
    expect(gdm.handle('G1104', q({ depuis: ago(clock, HOUR) })).status).toBe(200);
  });

  it('does not count a refused call as a sequence', () => {
    expect(gdm.handle('G1104', q({ depuis: ago(clock, 8 * 24 * HOUR) })).status).toBe(400);
    expect(gdm.handle('G1104', q({ depuis: ago(clock, HOUR) })).status).toBe(200);
  });

  it('pages with cursors that never count as sequences and expire 15 minutes after their page', () => {
    for (const [i, n] of Object.values(NUM).entries()) move(data, n, ago(clock, (10 - i) * MIN));
    const depuis = ago(clock, HOUR);
    const first = page(gdm.handle('G1104', q({ depuis })));
    expect(first.nombreTotal).toBe(3); // Lyon is outside G1104's departments
    expect(first.prochainCurseur).toEqual(expect.any(String));
    clock.advance(14 * MIN);
    const second = page(
      gdm.handle(
        'G1104',
        q({ depuis, jusque: first.jusque, prochainCurseur: first.prochainCurseur as string }),
      ),
    );
    expect(second.demandes).toHaveLength(1);
    expect(second.prochainCurseur).toBeNull();
    // The first cursor was issued 14 minutes ago: one more minute and a bit, it is expired.
    clock.advance(MIN + 1);
    const late = gdm.handle(
      'G1104',
      q({ depuis, jusque: first.jusque, prochainCurseur: first.prochainCurseur as string }),
    );
    expect([late.status, code(late)]).toEqual([400, 'GDM_CURSEUR_INVALIDE']);
    expect((late.body as { message: string }).message).toMatch(/expiré/);
  });

  it('binds a cursor to its guichet, window and filters', () => {
    for (const n of [NUM.paris, NUM.bobigny, NUM.evry]) move(data, n, ago(clock, 5 * MIN));
    const depuis = ago(clock, HOUR);
    const first = page(gdm.handle('G1104', q({ depuis, departements: ['75', '93', '91'] })));
    const curseur = first.prochainCurseur as string;
    const same = { depuis, jusque: first.jusque, prochainCurseur: curseur };
    expect(code(gdm.handle('G1104', q({ ...same, departements: ['75'] })))).toBe(
      'GDM_CURSEUR_INVALIDE',
    );
    expect(
      code(
        gdm.handle(
          'G1104',
          q({ ...same, depuis: ago(clock, 2 * HOUR), departements: ['75', '93', '91'] }),
        ),
      ),
    ).toBe('GDM_CURSEUR_INVALIDE');
    expect(code(gdm.handle('G2201', q({ ...same, departements: ['75', '93', '91'] })))).toBe(
      'GDM_CURSEUR_INVALIDE',
    );
    expect(
      code(gdm.handle('G1104', q({ ...same, prochainCurseur: 'inconnu', departements: ['75'] }))),
    ).toBe('GDM_CURSEUR_INVALIDE');
    // Same filters in another order, jusque omitted: the same sequence.
    expect(
      gdm.handle('G1104', q({ depuis, prochainCurseur: curseur, departements: ['91', '93', '75'] }))
        .status,
    ).toBe(200);
  });

  it('echoes the server now as jusque when it is omitted', () => {
    const answer = page(gdm.handle('G1104', q({ depuis: ago(clock, HOUR) })));
    expect(new Date(answer.jusque).getTime()).toBe(clock.now().getTime());
    expect(answer.jusque).toMatch(/[+-]\d{2}:\d{2}$/);
  });

  it('lists a DLS once, with its latest movement in the window and the union of its natures there', () => {
    move(data, NUM.paris, ago(clock, 3 * HOUR), 'G9999', ['pieces']); // before the window
    move(data, NUM.paris, ago(clock, 50 * MIN), 'G9999', ['dalo']);
    move(data, NUM.paris, ago(clock, 20 * MIN), 'G9999', ['cerfa', 'cotation']);
    move(data, NUM.evry, ago(clock, 30 * MIN), 'G9999', ['evenements']);
    const answer = page(new GdmService(ctx).handle('G1104', q({ depuis: ago(clock, HOUR) })));
    expect(answer.demandes.map((d) => d.numUnique)).toEqual([NUM.evry, NUM.paris]);
    const paris = answer.demandes[1];
    expect(new Date(paris?.dateMouvement ?? 0).getTime()).toBe(ago(clock, 20 * MIN).getTime());
    expect(paris?.natures).toEqual(['CERFA', 'DALO', 'COTATION']);
  });

  it('orders by dateMouvement then numUnique', () => {
    const at = ago(clock, 10 * MIN);
    move(data, NUM.paris, at);
    move(data, NUM.bobigny, at);
    move(data, NUM.evry, ago(clock, 20 * MIN));
    const answer = page(new GdmService(ctx).handle('G1104', q({ depuis: ago(clock, HOUR) })));
    expect(answer.demandes.map((d) => d.numUnique)).toEqual([
      NUM.evry,
      ...[NUM.paris, NUM.bobigny].sort(),
    ]);
  });

  it('keeps the pages of a sequence on the snapshot of its first page', () => {
    move(data, NUM.paris, ago(clock, 30 * MIN));
    move(data, NUM.bobigny, ago(clock, 20 * MIN));
    move(data, NUM.evry, ago(clock, 10 * MIN));
    const depuis = ago(clock, HOUR);
    const first = page(gdm.handle('G1104', q({ depuis })));
    // A later movement of a DLS already served, inside the window bounds.
    move(data, NUM.paris, ago(clock, 5 * MIN));
    const second = page(
      gdm.handle(
        'G1104',
        q({ depuis, jusque: first.jusque, prochainCurseur: first.prochainCurseur as string }),
      ),
    );
    const all = [...first.demandes, ...second.demandes].map((d) => d.numUnique);
    expect(all).toEqual([NUM.paris, NUM.bobigny, NUM.evry]);
    expect(second.nombreTotal).toBe(3);
  });

  it('hides a movement until the replica shows it', () => {
    move(data, NUM.paris, ago(clock, 2 * MIN), 'G9999', ['cerfa'], 5 * MIN);
    const service = new GdmService(ctx);
    expect(page(service.handle('G1104', q({ depuis: ago(clock, HOUR) }))).nombreTotal).toBe(0);
    clock.advance(3 * MIN);
    const later = new GdmService(ctx);
    expect(
      page(later.handle('G1104', q({ depuis: ago(clock, HOUR) }))).demandes.map((d) => d.numUnique),
    ).toEqual([NUM.paris]);
  });

  it('leaves out the movements of guichetsExclus, not the DLS they touched', () => {
    move(data, NUM.paris, ago(clock, 30 * MIN), 'G1104', ['cerfa']);
    move(data, NUM.paris, ago(clock, 40 * MIN), 'G2201', ['dalo']);
    move(data, NUM.evry, ago(clock, 20 * MIN), 'G1104', ['cerfa']);
    const answer = page(
      new GdmService(ctx).handle('G1104', q({ depuis: ago(clock, HOUR), guichetsExclus: 'G1104' })),
    );
    expect(answer.demandes).toHaveLength(1);
    expect(answer.demandes[0]?.numUnique).toBe(NUM.paris);
    expect(answer.demandes[0]?.natures).toEqual(['DALO']);
  });

  it('filters on desired locations: a department or a commune among them', () => {
    for (const n of Object.values(NUM)) move(data, n, ago(clock, 10 * MIN));
    const list = (params: Record<string, string | string[]>): string[] =>
      page(new GdmService(ctx).handle('G1104', q({ depuis: ago(clock, HOUR), ...params })))
        .demandes.map((d) => d.numUnique)
        .sort();
    expect(list({})).toEqual([NUM.paris, NUM.bobigny, NUM.evry].sort());
    expect(list({ departements: '75' })).toEqual([NUM.paris, NUM.bobigny].sort());
    expect(list({ departements: '93' })).toEqual([NUM.bobigny]);
    expect(list({ communes: '91228' })).toEqual([NUM.evry]);
    expect(list({ departements: '93', communes: '91228' })).toEqual([NUM.bobigny, NUM.evry].sort());
    // A department outside the guichet's: nothing, even though a Lyon DLS moved.
    expect(list({ departements: '69' })).toEqual([]);
  });

  it('records, without refusing, a gap between windows and fewer than 2 sequences in 24 h', () => {
    const first = gdm.handle('G1104', q({ depuis: ago(clock, 2 * HOUR) }));
    expect(first.violations).toEqual([]);
    const end = page(first).jusque;
    clock.advance(2 * HOUR);
    const overlapping = gdm.handle(
      'G1104',
      q({ depuis: new Date(new Date(end).getTime() - 30 * MIN) }),
    );
    expect([overlapping.status, overlapping.violations]).toEqual([200, []]);
    clock.advance(25 * HOUR);
    const gap = gdm.handle('G1104', q({ depuis: ago(clock, HOUR) }));
    expect(gap.status).toBe(200);
    expect(gap.violations).toEqual(
      expect.arrayContaining([GDM_VIOLATIONS.trou, GDM_VIOLATIONS.moinsDeDeuxParJour]),
    );
  });

  it('serves every DLS of the window exactly once across pages, in order (property)', () => {
    const nums = Object.values(NUM).slice(0, 3);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ dls: fc.constantFrom(...nums), minutesAgo: fc.integer({ min: 0, max: 90 }) }),
          { maxLength: 30 },
        ),
        fc.integer({ min: 1, max: 4 }),
        (moves, pageSize) => {
          const w = world();
          for (const m of moves) move(w.data, m.dls, ago(w.clock, m.minutesAgo * MIN));
          const service = new GdmService(w.ctx, { pageSize });
          const depuis = ago(w.clock, HOUR);
          const served: Page['demandes'] = [];
          let answer = page(service.handle('G1104', q({ depuis })));
          served.push(...answer.demandes);
          while (answer.prochainCurseur) {
            answer = page(
              service.handle(
                'G1104',
                q({ depuis, jusque: answer.jusque, prochainCurseur: answer.prochainCurseur }),
              ),
            );
            served.push(...answer.demandes);
          }
          const inWindow = moves.filter((m) => m.minutesAgo <= 60);
          const expected = new Map<string, number>();
          for (const m of inWindow)
            expected.set(m.dls, Math.min(expected.get(m.dls) ?? Infinity, m.minutesAgo));
          expect(served.map((s) => s.numUnique).sort()).toEqual([...expected.keys()].sort());
          for (const s of served) {
            expect(new Date(s.dateMouvement).getTime()).toBe(
              ago(w.clock, (expected.get(s.numUnique) ?? 0) * MIN).getTime(),
            );
          }
          const times = served.map((s) => new Date(s.dateMouvement).getTime());
          expect(times).toEqual([...times].sort((a, b) => a - b));
        },
      ),
      { numRuns: 60 },
    );
  });
});
