// Every migration of the cache, in order. Number ranges per area: 001-019 sync and store,
// 020-029 encryption and data protection, 030-039 reporting (3DS, DRM).
import type { Migration } from '../migration.ts';
import { m001Sequences } from './001-sequences.ts';
import { m002WatermarksGaps } from './002-watermarks-gaps.ts';
import { m003Jobs } from './003-jobs.ts';
import { m004Blocs } from './004-blocs.ts';
import { m005Demandes } from './005-demandes.ts';

export const migrations: readonly Migration[] = [
  m001Sequences,
  m002WatermarksGaps,
  m003Jobs,
  m004Blocs,
  m005Demandes,
];
