export {
  BENCH_AS_OF,
  BENCH_MARK_DENSITY,
  BENCH_OPTIONS,
  DEFAULT_MARK_DENSITY,
  createDemoSchoolStream,
  generateDemoSchool,
  type DemoClassPart,
  type DemoOptions,
  type DemoSchool,
  type DemoSchoolStream,
  type DemoUser,
} from './generate.js';
export { REFUSAL_PHRASE, DEMO_WORKSTATION_ID } from './documents.js';
export { demoPassword, demoUserId } from './users.js';
