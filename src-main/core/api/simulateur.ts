// The built-in simulator offered at first start: a local SNE with fictitious demands, started on
// demand, with the G1104 test certificate imported and the settings pointed at it. For trying
// the application and for training; it is never the default for a real guichet.
import { readFileSync } from 'node:fs';
import type { Settings } from '../api-types.ts';
import type { Logger } from '../logger.ts';
import type { SettingsStore } from '../settings.ts';
import { startSimulator } from '../simulator/index.ts';
import type { SimulatorHandle, SimulatorOptions } from '../simulator/index.ts';
import type { CertificatePort, SimulateurPort } from './context.ts';
import { settingsPort } from './settings-port.ts';

export const SIMULATEUR_GUICHET = 'G1104';

export interface BuiltInSimulator extends SimulateurPort {
  /** The running simulator, if started. */
  handle(): SimulatorHandle | null;
  close(): Promise<void>;
}

export function builtInSimulator(o: {
  settings: SettingsStore;
  certificates: CertificatePort;
  logger: Logger;
  options?: SimulatorOptions;
}): BuiltInSimulator {
  let running: Promise<SimulatorHandle> | null = null;
  let started: SimulatorHandle | null = null;
  return {
    async use(): Promise<Settings> {
      running ??= startSimulator({ logger: o.logger, ...o.options });
      const sim = await running;
      started = sim;
      const p12 = readFileSync(sim.pki.guichetP12(SIMULATEUR_GUICHET));
      await o.certificates.import(p12, sim.pki.passphrase);
      const current = o.settings.get();
      o.settings.update({
        environnement: 'SIMULATEUR',
        sneUrl: sim.url,
        // The simulator's test CA is not in the system store: trust it for this environment.
        connexion: { ...current.connexion, ca: sim.pki.ca },
      });
      o.logger.info('simulator.used', { port: sim.port });
      return settingsPort(o.settings).get();
    },
    handle: () => started,
    async close(): Promise<void> {
      if (running) await (await running).close();
      running = null;
      started = null;
    },
  };
}
