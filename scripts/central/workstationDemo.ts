/**
 * The workstation's demo school generator, given to the central server (central/demo.ts,
 * `DemoGenerator`). The central server imports only the contract; the tools that run it for a demo,
 * a test or a bench join the two programs here, so both hold the same school with the same ids.
 */
import type { DemoGenerator } from '../../central/demo.js';
import { createDemoSchoolStream } from '../../electron/core/demo/index.js';
import { DEMO_SEED, DEMO_STUDENTS } from '../../electron/core/setup/loadDemoSchool.js';

export const WORKSTATION_DEMO: DemoGenerator = { seed: DEMO_SEED, students: DEMO_STUDENTS, stream: createDemoSchoolStream };
