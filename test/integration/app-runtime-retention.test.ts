// The long-running application applies retention after each completed sync, not only when its
// cache opens: a demand radiated more than a year ago leaves at the end of the next sync.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import {
  CACHE_FILE,
  openAppRuntime,
  type AppRuntime,
} from '../../src-main/core/api/app-runtime.ts';
import { memoryCertificatePort } from '../../src-main/core/api/memory-certificate.ts';
import { systemClock } from '../../src-main/core/clock.ts';
import { silentLogger } from '../../src-main/core/logger.ts';
import { saveBloc } from '../../src-main/core/store/blocs.ts';
import { getDemandeRow, updateFromCerfa } from '../../src-main/core/store/demandes.ts';
import { openStore } from '../../src-main/core/store/open.ts';
import { blocsExemple } from '../support/soap-fixtures.ts';

let runtime: AppRuntime | null = null;
let dataDir = '';
afterEach(async () => {
  await runtime?.close();
  runtime = null;
  rmSync(dataDir, { recursive: true, force: true });
});

it('purges a demand radiated over a year ago when a sync completes', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'runtime-retention-'));
  runtime = await openAppRuntime({
    dataDir,
    logger: silentLogger,
    certificates: memoryCertificatePort(systemClock),
    openStore: () => Promise.resolve(openStore(join(dataDir, CACHE_FILE))),
    simulator: { pkiDir: join(dataDir, 'pki'), volume: 60, latencyMs: 0 },
  });
  await runtime.simulator!.use();
  const num = '0931110999999G1104';
  const cerfa = blocsExemple(num).cerfa;
  const radiee = {
    ...cerfa,
    radiation: { motifRadiation: 'RADATT', sousMotifRadiation: null, dateRadiation: '2020-01-15' },
  };
  saveBloc(runtime.store, num, 'cerfa', radiee, '2020-01-16T10:00:00.000+01:00', 1);
  updateFromCerfa(runtime.store, radiee);
  expect(getDemandeRow(runtime.store, num)).not.toBeNull();

  const result = await runtime.service.run();
  expect(result.sequence?.kind).toBe('termine');
  expect(getDemandeRow(runtime.store, num)).toBeNull();
  expect(
    runtime.store.db.prepare('SELECT count(*) FROM blocs WHERE num_unique = ?').pluck().get(num),
  ).toBe(0);
});
