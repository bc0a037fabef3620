// The list of commands. Each lives in its own file next to this one.
import type { CliCommand } from '../command.ts';
import { certCommand } from './cert.ts';

export const commands: CliCommand[] = [certCommand];
