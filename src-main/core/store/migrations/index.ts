// Every migration of the cache, in order. Number ranges per area: 001-019 sync and store,
// 020-029 encryption and data protection, 030-039 reporting (3DS, DRM).
import type { Migration } from '../migration.ts';
import { m001Sequences } from './001-sequences.ts';
import { m002WatermarksGaps } from './002-watermarks-gaps.ts';
import { m003Jobs } from './003-jobs.ts';
import { m004Blocs } from './004-blocs.ts';
import { m005Demandes } from './005-demandes.ts';
import { m006MouvementsRecus } from './006-mouvements-recus.ts';
import { m007BlocsSignales } from './007-blocs-signales.ts';
import { m030Extractions3ds } from './030-extractions-3ds.ts';
import { m031Drm } from './031-drm.ts';

export const migrations: readonly Migration[] = [
  m001Sequences,
  m002WatermarksGaps,
  m003Jobs,
  m004Blocs,
  m005Demandes,
  m006MouvementsRecus,
  m007BlocsSignales,
  // 030-039: reporting (keep them after any 020-029 entry).
  m030Extractions3ds,
  m031Drm,
];
