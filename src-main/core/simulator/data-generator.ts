// The simulator's data set from a seed: the guichets, `volume` DLS and the movements of the last
// seven days. Same seed, same now and same volume give deep-equal data. The history records
// which blocks moved and who moved them; the blocks already hold their latest state (the
// history is not replayed through mutateDls, which would only cost time at start-up).
import type { Bloc } from '../sne/blocs.ts';
import { BLOCS } from '../sne/blocs.ts';
import type { SimData } from './context.ts';
import type { DlsGenere, GenContext } from './dls-generator.ts';
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
  const generes: DlsGenere[] = [];
  for (let i = 0; i < options.volume; i++) generes.push(generateDls(ctx, i));
  return {
    guichets: new Map(guichets.map((g) => [g.code, g])),
    dls: new Map(generes.map((g) => [g.dls.numUnique, g.dls])),
    movements: historique(ctx, generes),
  };
}

/** Movements of the last 7 days: creations, radiations, then changes spread over the week. */
function historique(ctx: GenContext, generes: readonly DlsGenere[]): Movement[] {
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
  for (const { dls, creation, radiation } of generes) {
    if (dls.purgee) continue;
    // Checked before reading the blocks, which are built on first read.
    if (creation > depuis) add(dls, creation, guichetEnregistreur(dls), [...BLOCS]);
    if (radiation && radiation > depuis) {
      const attribuee = dls.suiviAttributions.length > 0;
      const natures: Bloc[] = attribuee
        ? ['cerfa', 'evenements', 'attributions']
        : ['cerfa', 'evenements'];
      add(dls, radiation, dls.suiviAttributions[0]?.bailleur ?? guichetEnregistreur(dls), natures);
    }
  }
  const actifs = generes.filter((g) => !g.dls.purgee);
  const n = actifs.length === 0 ? 0 : Math.round(generes.length * TAUX_MOUVEMENTS);
  for (let k = 0; k < n; k++) {
    const rng = createRng(deriveSeed(ctx.seed, 'historique', k));
    const { dls, creation, radiation } = rng.pick(actifs);
    const at = nowMs - Math.floor(rng.next() * PROFONDEUR_MS);
    // A change happens while the demand exists; after a radiation only events are plausible.
    if (at <= creation) continue;
    const natures =
      radiation && at > radiation ? ['evenements' as const] : naturesPlausibles(rng, dls, ctx);
    add(dls, at, auteur(rng, ctx, dls), natures);
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
  return rng.chance(0.5) ? 'G6901' : guichetEnregistreur(dls);
}

/** The last 5 characters of the number: the guichet that registered the demand. */
function guichetEnregistreur(dls: SimDls): string {
  return dls.numUnique.slice(13);
}

function naturesPlausibles(rng: Rng, dls: SimDls, ctx: GenContext): Bloc[] {
  const options: Bloc[][] = [
    ['evenements'],
    ['cerfa', 'evenements'],
    ['pieces'],
    ['contingents'],
    ['dalo', 'evenements'],
  ];
  // Only demands of a reform territory have a cotation (see dls-generator.ts).
  const premiere = ctx.geo.communes.get(dls.communes[0] ?? '');
  const territoire = premiere?.territoire
    ? ctx.geo.territoires.get(premiere.territoire)
    : undefined;
  if (territoire?.soumisReforme)
    options.push(['cotation', 'noteCotation'], ['criteres', 'cotation', 'noteCotation']);
  return rng.pick(options);
}
