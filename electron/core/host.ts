import type { AuditSink } from './audit/auditLog.js';
import type { StoreBackend } from './store/backend.js';
import type { SyncTransport } from './sync/transport.js';
import type { Scheduler } from './util/scheduler.js';

/**
 * What a host gives the core: where data lives, the clock, and a log that never receives
 * personal data. The core never asks for Electron or the DOM.
 */
export interface HostAbilities {
  backend: StoreBackend;
  auditSink: AuditSink;
  now?: () => Date;
  /** Technical log: method names, error codes; never names, documents or marks. */
  log?: (line: string) => void;
  /** Version and host, for «О программе». */
  appInfo?: { version: string; host: 'electron' | 'web'; dataDir?: string };
  /** Cost of scrypt; tests lower it. */
  passwordCost?: { N: number; r: number; p: number };
  /**
   * How the workstation reaches the central system, and whether it syncs by itself in the
   * background. Absent: no network at all (an enrolment is answered «не отвечает») and no
   * background sync; tests give the engine a transport of their own (configureSync).
   */
  sync?: { transport: SyncTransport; background: boolean };
  /** When the core's own later work runs (the background sync's attempts). Default: the process's timers. */
  scheduler?: Scheduler;
}
