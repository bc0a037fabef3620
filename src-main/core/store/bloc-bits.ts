// Sets of blocks stored as bit sets (the received GDM movements): one bit per block, fixed here.
import { BLOCS, type Bloc } from '../sne/blocs.ts';

// Written to disk: never renumber, only add.
const BIT: Record<Bloc, number> = {
  cerfa: 1,
  dalo: 2,
  evenements: 4,
  contingents: 8,
  attributions: 16,
  criteres: 32,
  cotation: 64,
  noteCotation: 128,
  pieces: 256,
};

export function blocsMask(blocs: readonly Bloc[]): number {
  let mask = 0;
  for (const bloc of blocs) mask |= BIT[bloc];
  return mask;
}

export function blocsOfMask(mask: number): Bloc[] {
  return BLOCS.filter((b) => (mask & BIT[b]) !== 0);
}

/** SQL giving the bit of the block named by the SQL expression `column`. */
export function blocBitSql(column: string): string {
  const cases = BLOCS.map((b) => `WHEN '${b}' THEN ${BIT[b]}`).join(' ');
  return `(CASE ${column} ${cases} ELSE 0 END)`;
}

/** SQL counting the blocks in the bit set `column`. */
export function popcountSql(column: string): string {
  return BLOCS.map((b) => `((${column} & ${BIT[b]}) != 0)`).join(' + ');
}
