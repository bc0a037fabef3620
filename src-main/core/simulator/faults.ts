// Fault injection: which calls go wrong, and how. Each kind belongs to one scope (SOAP calls or
// REST calls) and has its own rate; draws come from the seed, one stream per scope, so that the
// REST faults of a run do not depend on how many SOAP calls it made. The SOAP handler applies
// the SOAP kinds; rest-server.ts applies REST_429 and REST_503.
import type { FaultKind, FaultPlan } from './context.ts';
import { createRng, deriveSeed, type Rng } from './random.ts';

export const FAULT_SCOPE: Record<FaultKind, 'SOAP' | 'REST'> = {
  SOAP_RECEIVER: 'SOAP',
  SOAP_503: 'SOAP',
  HUNG: 'SOAP',
  TORN: 'SOAP',
  RESET: 'SOAP',
  MALFORMED_XML: 'SOAP',
  REST_429: 'REST',
  REST_503: 'REST',
};
export const FAULT_KINDS = Object.keys(FAULT_SCOPE) as FaultKind[];

export type FaultRates = Partial<Record<FaultKind, number>>;

/**
 * Either explicit per-kind rates, or one rate shared evenly by the listed kinds of each scope
 * (all kinds when none are listed): with `{ rate: 0.1 }` one SOAP call in ten and one REST call
 * in ten fail.
 */
export type FaultSettings = { rates: FaultRates } | { rate: number; kinds?: readonly FaultKind[] };

export class SimFaults implements FaultPlan {
  private rates: FaultRates = {};
  private readonly rngs: Record<'SOAP' | 'REST', Rng>;

  constructor(seed: number, settings: FaultSettings = { rates: {} }) {
    this.rngs = {
      SOAP: createRng(deriveSeed(seed, 'faults', 'SOAP')),
      REST: createRng(deriveSeed(seed, 'faults', 'REST')),
    };
    this.set(settings);
  }

  pick(scope: 'SOAP' | 'REST'): FaultKind | null {
    const kinds = FAULT_KINDS.filter((k) => FAULT_SCOPE[k] === scope && (this.rates[k] ?? 0) > 0);
    if (kinds.length === 0) return null;
    // One draw per call, whatever the rates: the sequence of draws stays aligned with the calls.
    let target = this.rngs[scope].next();
    for (const kind of kinds) {
      target -= this.rates[kind] ?? 0;
      if (target < 0) return kind;
    }
    return null;
  }

  set(settings: FaultSettings): void {
    const rates =
      'rates' in settings ? { ...settings.rates } : spread(settings.rate, settings.kinds);
    for (const scope of ['SOAP', 'REST'] as const) {
      const sum = FAULT_KINDS.filter((k) => FAULT_SCOPE[k] === scope).reduce(
        (acc, k) => acc + checkRate(rates[k] ?? 0),
        0,
      );
      if (sum > 1 + 1e-9) throw new RangeError(`taux de pannes ${scope} : total ${sum} > 1`);
    }
    this.rates = rates;
  }

  get current(): FaultRates {
    return { ...this.rates };
  }
}

function spread(rate: number, kinds: readonly FaultKind[] = FAULT_KINDS): FaultRates {
  checkRate(rate);
  const rates: FaultRates = {};
  for (const scope of ['SOAP', 'REST'] as const) {
    const inScope = kinds.filter((k) => FAULT_SCOPE[k] === scope);
    for (const k of inScope) rates[k] = rate / inScope.length;
  }
  return rates;
}

function checkRate(rate: number): number {
  if (!Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new RangeError(`taux de pannes invalide : ${rate} (attendu entre 0 et 1)`);
  }
  return rate;
}
