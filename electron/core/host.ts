import type { AuditSink } from './audit/auditLog.js';
import type { StoreBackend } from './store/backend.js';

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
}
