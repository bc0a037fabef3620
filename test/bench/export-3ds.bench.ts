// 3DS export benchmark (design.md: 50,000 detailed rows to .xlsx in <= 5 s, streaming).
// Prints the time and the process's peak resident memory; judged by reading, not asserted.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exporter3dsXlsx } from '../../src-main/core/reporting/export-3ds-xlsx.ts';
import { extractionSynthetique } from '../support/rapport-3ds-fixture.ts';

const LIGNES = 50_000;
const CIBLE_SECONDES = 5;

export async function bench(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-3ds-'));
  try {
    const extraction = extractionSynthetique(LIGNES);
    const rssAvant = process.memoryUsage().rss;
    let pic = rssAvant;
    const sonde = setInterval(() => {
      pic = Math.max(pic, process.memoryUsage().rss);
    }, 20);
    const file = join(dir, 'bench.xlsx');
    const t0 = performance.now();
    await exporter3dsXlsx(extraction, null, { filename: file });
    const secondes = (performance.now() - t0) / 1000;
    clearInterval(sonde);
    pic = Math.max(pic, process.memoryUsage().rss);
    const taille = (await stat(file)).size;
    const mo = (n: number): string => (n / 1024 / 1024).toFixed(0);
    process.stdout.write(
      `export-3ds: ${String(LIGNES)} lignes détaillées en ${secondes.toFixed(2)} s ` +
        `(cible <= ${String(CIBLE_SECONDES)} s : ${secondes <= CIBLE_SECONDES ? 'tenue' : 'MANQUÉE'}), ` +
        `fichier ${mo(taille)} Mo, RSS avant ${mo(rssAvant)} Mo, pic ${mo(pic)} Mo ` +
        `(+${mo(pic - rssAvant)} Mo pendant l'export)\n`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
