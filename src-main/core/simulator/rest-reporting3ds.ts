// GET /reporting-3ds: the query string read into the 3DS filters, then the figures or refusal
// that reporting3ds-sim.ts computes for the calling bailleur.
import type { SimContext } from './context.ts';
import { restError, type RestAnswer } from './rest-answer.ts';
import { compute3ds } from './reporting3ds-sim.ts';

const PERIMETRES = ['TOUS', 'REFORME', 'HORS_REFORME'] as const;
const DEPARTEMENT = /^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])$/;
const EPCI = /^[0-9]{9}$/;

export function answerReporting3ds(
  ctx: SimContext,
  guichet: string,
  params: URLSearchParams,
): RestAnswer {
  const annee = Number(params.get('annee') ?? '');
  if (!Number.isInteger(annee) || params.get('annee')?.trim() === '') {
    return restError(
      400,
      '3DS_FILTRE_INVALIDE',
      'Le paramètre annee (année sur 4 chiffres) est obligatoire.',
    );
  }
  const departements = params.getAll('departements');
  const epci = params.getAll('epci');
  const perimetre = params.get('perimetreReforme') ?? 'TOUS';
  const bad = departements.find((d) => !DEPARTEMENT.test(d)) ?? epci.find((e) => !EPCI.test(e));
  if (bad !== undefined) {
    return restError(400, '3DS_FILTRE_INVALIDE', `Filtre invalide : « ${bad.slice(0, 20)} ».`);
  }
  if (!(PERIMETRES as readonly string[]).includes(perimetre)) {
    return restError(
      400,
      '3DS_FILTRE_INVALIDE',
      'perimetreReforme vaut TOUS, REFORME ou HORS_REFORME.',
    );
  }
  const result = compute3ds(
    ctx.data,
    guichet,
    { annee, departements, epci, perimetreReforme: perimetre as (typeof PERIMETRES)[number] },
    ctx.clock.now(),
  );
  if (!result.ok) return restError(result.status, result.code, result.message);
  return { status: 200, body: result.body, violations: [] };
}
