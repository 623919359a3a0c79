/**
 * `npm run central:admin`: the central server's admin commands (central/admin.ts, the list there)
 * with the workstation's demo school generator, for `load-demo` when no server is running.
 */
import { provideDemoGenerator } from '../../central/demo.js';
import { WORKSTATION_DEMO } from './workstationDemo.js';

provideDemoGenerator(WORKSTATION_DEMO);
await import('../../central/admin.js');
