// Data generation figures: the time and heap of a 100,000-DLS data set, of a demo, and what the
// lazy parts cost when they are read (blocks, PDFs). Run alone:
//   npx tsx -e "import('./test/bench/data-generation.bench.ts').then(m=>m.bench())"
import { generateData } from '../../src-main/core/simulator/data-generator.ts';
import { loadGeography } from '../../src-main/core/simulator/geography.ts';
import { compute3ds } from '../../src-main/core/simulator/reporting3ds-sim.ts';

const NOW = new Date('2026-12-03T10:00:00Z');

function heapMb(): number {
  // global.gc exists only under --expose-gc; without it the figure includes garbage.
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1e6;
}

function line(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(44)} ${value}\n`);
}

export async function bench(): Promise<void> {
  let t = performance.now();
  loadGeography();
  line('geography load (once per process)', `${(performance.now() - t).toFixed(0)} ms`);

  t = performance.now();
  generateData({ seed: 1, volume: 300, now: NOW });
  line('demo, 300 DLS', `${(performance.now() - t).toFixed(0)} ms`);

  const heapAvant = heapMb();
  t = performance.now();
  const data = generateData({ seed: 1, volume: 100_000, now: NOW });
  const generation = performance.now() - t;
  const heapApres = heapMb();
  line('100,000 DLS', `${(generation / 1000).toFixed(2)} s`);
  line('  per DLS', `${((generation * 1000) / 100_000).toFixed(1)} µs`);
  line('  heap held', `${(heapApres - heapAvant).toFixed(0)} MB`);
  line('  movements of the last 7 days', String(data.movements.length));

  t = performance.now();
  const r = compute3ds(
    data,
    'G1104',
    { annee: 2026, departements: [], epci: [], perimetreReforme: 'TOUS' },
    NOW,
  );
  line('3DS report of G1104 (first call)', `${(performance.now() - t).toFixed(0)} ms`);
  if (r.ok)
    line('  detail rows / EPCI-EPT rows', `${r.body.detail.length} / ${r.body.agrege.length}`);

  const dls = [...data.dls.values()].slice(0, 1000);
  t = performance.now();
  for (const d of dls) void d.blocs.cerfa;
  line('1,000 DLS blocks read on demand', `${(performance.now() - t).toFixed(0)} ms`);
  t = performance.now();
  let octets = 0;
  for (const d of dls) {
    octets += d.blocs.noteCotation?.fichier.octets.length ?? 0;
    for (const p of d.blocs.pieces) octets += p.taille;
  }
  line(
    '  their PDFs built on demand',
    `${(performance.now() - t).toFixed(0)} ms, ${(octets / 1e6).toFixed(1)} MB`,
  );
  line('heap after reading them', `${(heapMb() - heapAvant).toFixed(0)} MB`);
  await Promise.resolve();
}
