// `npm run bench`: runs the bench() of every test/bench/*.bench.ts in turn (or those whose name
// contains one of the arguments), each printing its own figures.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

let failed = 0;
for (const file of files) {
  process.stdout.write(`\n=== ${file} ===\n`);
  const started = performance.now();
  try {
    const module = (await import(pathToFileURL(join(here, file)).href)) as {
      bench?: () => Promise<unknown>;
    };
    if (typeof module.bench !== 'function') {
      process.stdout.write('  (pas de fonction bench exportée)\n');
      continue;
    }
    await module.bench();
  } catch (error) {
    failed++;
    process.stdout.write(
      `  ÉCHEC : ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.stdout.write(`  (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}
process.exitCode = failed > 0 ? 1 : 0;
