// The simulator's data set from a seed: the guichets, `volume` DLS and the movements of the last
// seven days. Same seed, same now and same volume give deep-equal data. The history records
// which blocks moved and who moved them; the blocks already hold their latest state (the
// history is not replayed through mutateDls, which would only cost time at start-up).
import type { Bloc } from '../sne/blocs.ts';
import { BLOCS } from '../sne/blocs.ts';
import type { SimData } from './context.ts';
import type { GenContext } from './dls-generator.ts';
import { generateDls } from './dls-generator.ts';
import { loadGeography } from './geography.ts';
import { simGuichets } from './guichets.ts';
import type { Movement, SimDls } from './model.ts';
import { createRng, deriveSeed } from './random.ts';
import type { Rng } from './random.ts';
import { jourParis } from './sim-dates.ts';

export { mutateDls } from './dls-mutation.ts';

const PROFONDEUR_MS = 7 * 86_400_000;
/** Movements of the history per DLS, besides creations and radiations of the week. */
const TAUX_MOUVEMENTS = 0.15;

export interface GenerateOptions {
  seed: number;
  volume: number;
  now: Date;
}

export function generateData(options: GenerateOptions): SimData {
  if (!Number.isInteger(options.volume) || options.volume < 0 || options.volume > 999_999) {
    throw new RangeError(`Volume invalide : ${options.volume} (entier de 0 à 999 999 attendu)`);
  }
  const geo = loadGeography();
  const guichets = simGuichets([...geo.departements.keys()]);
  const ctx: GenContext = {
    seed: options.seed,
    now: options.now,
    today: jourParis(options.now),
    geo,
    guichets,
  };
  const liste: SimDls[] = [];
  for (let i = 0; i < options.volume; i++) liste.push(generateDls(ctx, i));
  return {
    guichets: new Map(guichets.map((g) => [g.code, g])),
    dls: new Map(liste.map((d) => [d.numUnique, d])),
    movements: historique(ctx, liste),
  };
}

/** Movements of the last 7 days: creations, radiations, then changes spread over the week. */
function historique(ctx: GenContext, liste: readonly SimDls[]): Movement[] {
  const nowMs = ctx.now.getTime();
  const depuis = nowMs - PROFONDEUR_MS;
  const out: Movement[] = [];
  const add = (dls: SimDls, at: number, guichet: string, natures: Bloc[]): void => {
    if (at <= depuis || at > nowMs) return;
    out.push({
      numUnique: dls.numUnique,
      at: new Date(at),
      visibleAt: new Date(at),
      guichet,
      natures,
    });
  };
  for (const dls of liste) {
    if (dls.purgee) continue;
    for (const e of dls.blocs.evenements) {
      const at = Date.parse(e.date);
      if (e.type === 'CREATION') add(dls, at, e.guichet, [...BLOCS]);
      if (e.type === 'RADIATION') {
        const natures: Bloc[] =
          dls.blocs.attributions.length > 0
            ? ['cerfa', 'evenements', 'attributions']
            : ['cerfa', 'evenements'];
        add(dls, at, dls.suiviAttributions[0]?.bailleur ?? e.guichet, natures);
      }
    }
  }
  const actifs = liste.filter((d) => !d.purgee);
  const n = actifs.length === 0 ? 0 : Math.round(liste.length * TAUX_MOUVEMENTS);
  for (let k = 0; k < n; k++) {
    const rng = createRng(deriveSeed(ctx.seed, 'historique', k));
    const dls = rng.pick(actifs);
    add(
      dls,
      nowMs - Math.floor(rng.next() * PROFONDEUR_MS),
      auteur(rng, ctx, dls),
      naturesPlausibles(rng, dls),
    );
  }
  return out.sort(
    (a, b) =>
      a.at.getTime() - b.at.getTime() ||
      (a.numUnique < b.numUnique ? -1 : a.numUnique > b.numUnique ? 1 : 0),
  );
}

/** A guichet working on the DLS's territory; the national Action Logement office otherwise. */
function auteur(rng: Rng, ctx: GenContext, dls: SimDls): string {
  const locaux = ctx.guichets.filter(
    (g) => g.type !== 'ACTION_LOGEMENT' && g.departements.some((d) => dls.departements.includes(d)),
  );
  if (locaux.length > 0 && rng.chance(0.75)) return rng.pick(locaux).code;
  return rng.chance(0.5) ? 'G6901' : dls.blocs.cerfa.numGuichet;
}

function naturesPlausibles(rng: Rng, dls: SimDls): Bloc[] {
  const options: Bloc[][] = [
    ['evenements'],
    ['cerfa', 'evenements'],
    ['pieces'],
    ['contingents'],
    ['dalo', 'evenements'],
  ];
  if (dls.blocs.cotation)
    options.push(['cotation', 'noteCotation'], ['criteres', 'cotation', 'noteCotation']);
  return rng.pick(options);
}
