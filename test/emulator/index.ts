export { startEmulator, fetchLog, postFaults } from './server.js';
export type { Emulator, EmulatorOptions, EmulatorState } from './server.js';
export { loadFixture, validateFixture, cloneFixture, fixturesDir } from './fixture.js';
export type * from './fixture.js';
export { isWrite } from './faults.js';
export type { FaultRule, FaultType, LatencyRule, LogEntry, RequestKind, RequestMatch } from './faults.js';
export { parseSoql, soqlString, SoqlError } from './soql.js';
export { MAX_NAMES_PER_CALL } from './soap.js';
export { generateLargeOrg, emptyOrg, orgWithSets } from './generate.js';
