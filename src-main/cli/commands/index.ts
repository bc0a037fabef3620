// The list of commands. Each lives in its own file next to this one.
import type { CliCommand } from '../command.ts';
import { certCommand } from './cert.ts';
import { drmCommand } from './drm.ts';
import { export3dsCommand } from './export-3ds.ts';
import { demandeCommand } from './demande.ts';
import { demandesCommand } from './demandes.ts';
import { demoCommand } from './demo.ts';
import { serveCommand } from './serve.ts';
import { simulatorCommand } from './simulator.ts';
import { statusCommand } from './status.ts';
import { syncCommand } from './sync.ts';

export const commands: CliCommand[] = [
  syncCommand,
  statusCommand,
  demandesCommand,
  demandeCommand,
  certCommand,
  drmCommand,
  export3dsCommand,
  simulatorCommand,
  serveCommand,
  demoCommand,
];
