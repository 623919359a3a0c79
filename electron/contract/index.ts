/**
 * The contract: every method between the UI and the core, in one table.
 * Both hosts register every method from here; the renderer calls them through `createClient`.
 * This folder imports neither Node nor the DOM nor Electron.
 */
import { about } from './groups/about.js';
import { audit } from './groups/audit.js';
import { auth } from './groups/auth.js';
import { extracts } from './groups/extracts.js';
import { backup } from './groups/backup.js';
import { registry } from './groups/registry.js';
import { finals } from './groups/finals.js';
import { journal } from './groups/journal.js';
import { school } from './groups/school.js';
import { stats } from './groups/stats.js';
import { sync } from './groups/sync.js';
import { users } from './groups/users.js';
import { installValidationMessages } from './validation/install.js';

// Validation messages in the app's own Russian («Поле «Причина» слишком длинное…»), in the
// renderer and the core alike; never zod's wording.
installValidationMessages();

export const contract = {
  about,
  auth,
  users,
  school,
  audit,
  sync,
  backup,
  journal,
  finals,
  registry,
  extracts,
  stats,
};

export type Contract = typeof contract;
export * from './errors.js';
export * from './method.js';
export * from './roles.js';
export * from './transport.js';
