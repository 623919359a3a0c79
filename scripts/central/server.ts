/**
 * `npm run central`: the central server (central/main.ts, its options there) with the workstation's
 * demo school generator, so `--demo` and the admin command `load-demo` can load it.
 */
import { provideDemoGenerator } from '../../central/demo.js';
import { WORKSTATION_DEMO } from './workstationDemo.js';

provideDemoGenerator(WORKSTATION_DEMO);
await import('../../central/main.js');
