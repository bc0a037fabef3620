// 3DS export benchmark (design.md: 50,000 detailed rows to .xlsx in <= 5 s, streaming).
// Prints the time of each of three exports in one process (the first is the one an agent waits
// for: a cold process; the median says what the machine's noise did), and the process's peak
// resident memory. Judged by reading, not asserted.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exporter3dsXlsx } from '../../src-main/core/reporting/export-3ds-xlsx.ts';
import { extractionSynthetique } from '../support/rapport-3ds-fixture.ts';

const LIGNES = 50_000;
const CIBLE_SECONDES = 5;
const TOURS = 3;

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
    const durees: number[] = [];
    for (let i = 0; i < TOURS; i++) {
      const t0 = performance.now();
      await exporter3dsXlsx(extraction, null, { filename: file });
      durees.push((performance.now() - t0) / 1000);
    }
    clearInterval(sonde);
    pic = Math.max(pic, process.memoryUsage().rss);
    const taille = (await stat(file)).size;
    const mo = (n: number): string => (n / 1024 / 1024).toFixed(0);
    const premiere = durees[0] ?? Number.NaN;
    const mediane = [...durees].sort((a, b) => a - b)[Math.floor(TOURS / 2)] ?? Number.NaN;
    process.stdout.write(
      `export-3ds: ${String(LIGNES)} lignes détaillées en ${premiere.toFixed(2)} s à froid ` +
        `(cible <= ${String(CIBLE_SECONDES)} s : ${premiere <= CIBLE_SECONDES ? 'tenue' : 'MANQUÉE'}), ` +
        `tours ${durees.map((d) => d.toFixed(2)).join(' / ')} s, médiane ${mediane.toFixed(2)} s ; ` +
        `fichier ${mo(taille)} Mo, RSS avant ${mo(rssAvant)} Mo, pic ${mo(pic)} Mo ` +
        `(+${mo(pic - rssAvant)} Mo pendant les exports)\n`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
