// Writes the small reference tables the client needs for 3DS, derived from
// @etalab/decoupage-administratif 6.0.0 with the rules of src-main/core/simulator/reference-tables.ts:
//   resources/epci-departements.json  SIREN of each EPCI/EPT -> { departement, nom, type, soumisReforme }
//   resources/qpv.json                INSEE commune -> stand-in QPV codes (2024 form)
//   resources/seuils-q1.json          SIREN of each reform EPCI/EPT -> yearly Q1 threshold (€/UC)
// The package has no EPCI seat: an EPCI/EPT belongs to the department of its most populous member
// (see reference-tables.ts for this and the other choices). Run: npx tsx scripts/derive-reference-tables.ts
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { referenceTables } from '../src-main/core/simulator/reference-files.ts';

const dir = resolve(import.meta.dirname, '..', 'resources');
const tables = referenceTables();
for (const [name, content] of Object.entries(tables) as [string, object][]) {
  const path = resolve(dir, name);
  writeFileSync(path, formatTable(content));
  process.stdout.write(`${path}\n`);
}

/** JSON with one line per table entry: small, readable and diff-friendly. */
function formatTable(content: object): string {
  const lines = Object.entries(content).map(([key, value]) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return ` ${JSON.stringify(key)}: ${JSON.stringify(value)}`;
    }
    const rows = Object.entries(value as Record<string, unknown>).map(
      ([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`,
    );
    return ` ${JSON.stringify(key)}: {\n${rows.join(',\n')}\n }`;
  });
  return `{\n${lines.join(',\n')}\n}\n`;
}
