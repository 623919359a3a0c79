import type { Contract } from '../contract/index.js';
import type { Handlers } from './context.js';
import type { Core } from './core.js';
import { aboutHandlers } from './services/about.js';
import { auditHandlers } from './services/audit.js';
import { authHandlers } from './services/auth.js';
import { extractsHandlers } from './services/extracts.js';
import { backupHandlers } from './services/backup.js';
import { registryHandlers } from './services/registry.js';
import { finalsHandlers } from './services/finals.js';
import { journalHandlers } from './services/journal.js';
import { schoolHandlers } from './services/school.js';
import { statsHandlers } from './services/stats.js';
import { syncHandlers } from './services/sync.js';
import { usersHandlers } from './services/users.js';

/** Every method of the contract, implemented: the compiler checks that none is missing. */
export function createHandlers(core: Core): Handlers<Contract> {
  return {
    about: aboutHandlers(core),
    auth: authHandlers(core),
    users: usersHandlers(core),
    school: schoolHandlers(core),
    audit: auditHandlers(core),
    sync: syncHandlers(core),
    backup: backupHandlers(core),
    registry: registryHandlers(core),
    journal: journalHandlers(core),
    finals: finalsHandlers(core),
    extracts: extractsHandlers(core),
    stats: statsHandlers(core),
  };
}
