/**
 * What one chaos run does, drawn from its own seed: a write scenario against the demo org (create, create --update,
 * delete, or a deploy of several sets, with --delete-missing or not), the faults injected into the emulator (each
 * at a random request, or at the write), and for whole-process runs the signal and when it is sent. The same seed and
 * run number always draw the same run.
 */
import type { FaultRule, FaultType, FixtureSharingSet, LatencyRule } from '../../test/emulator/index.js';
import type { SharingSet } from '../../src/model/types.js';

/** mulberry32: a small, well-known 32-bit generator; plenty for drawing scenarios. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return (): number => {
    state = (state + 0x6d_2b_79_f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The generator of run `run` of the harness seeded with `seed` (independent of every other run). */
export const runRandom = (seed: number, run: number): (() => number) =>
  random((Math.imul(seed >>> 0, 0x9e_37_79_b1) ^ Math.imul(run + 1, 0x85_eb_ca_6b)) >>> 0);

type Rng = () => number;
const int = (rng: Rng, below: number): number => Math.floor(rng() * below);
const pick = <T>(rng: Rng, items: readonly T[]): T => items[int(rng, items.length)];

export type ScenarioKind = 'create' | 'update' | 'delete' | 'deploy' | 'deploy --delete-missing';

export type Scenario = {
  kind: ScenarioKind;
  /** The plugin's arguments after the org and output flags (file paths relative to the run's folder). */
  args: string[];
  /** Files to lay in the run's folder first: relative path → sharing set (written as a source file). */
  files: Array<{ path: string; set: SharingSet }>;
  /** What each touched set should hold afterwards (undefined: absent). */
  intended: Map<string, SharingSet | undefined>;
};

/** The fault kinds the harness injects, as counted in its figures. */
export const FAULT_KINDS = [
  'http500',
  'http503',
  'drop',
  'lost-answer',
  'slow-write',
  'hang',
  'invalid-session',
  'concurrent-limit',
  'SIGINT',
  'SIGTERM',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export type FaultPlan = {
  kinds: FaultKind[];
  faults: FaultRule[];
  latency: LatencyRule[];
  /** Whole-process runs: the signal, sent once the org has received `afterRequests` requests (plus `delayMs`). */
  signal?: { name: 'SIGINT' | 'SIGTERM'; afterRequests: number; delayMs: number };
};

/** The Metadata API write operations (a fault "at the write" targets them). */
const WRITES = ['createMetadata', 'updateMetadata', 'upsertMetadata', 'deleteMetadata'];

/** How long jsforce waits for an answer in these runs (HTTP_TIMEOUT), and how late a slow write lands. */
export const TIMEOUT_MS = 1500;
export const SLOW_WRITE_MS = 2000;

const fromFixture = (set: FixtureSharingSet): SharingSet => ({
  fullName: set.fullName,
  label: set.name,
  ...(set.description ? { description: set.description } : {}),
  profiles: [...set.profiles],
  accessMappings: set.accessMappings.map((mapping) => ({ ...mapping })) as SharingSet['accessMappings'],
});

/** A definition of `base` changed the way a user would: a new label, a description, a mapping fewer. */
function changed(rng: Rng, base: SharingSet, tag: string): SharingSet {
  const set: SharingSet = {
    ...base,
    label: `${base.label.slice(0, 60)} ${tag}`,
    description: `Changed by run ${tag}.`,
  };
  if (base.accessMappings.length > 1 && rng() < 0.5) set.accessMappings = base.accessMappings.slice(1);
  return set;
}

/** A new set named `fullName`, granting what `base` grants. */
const fresh = (base: SharingSet, fullName: string, tag: string): SharingSet => ({
  fullName,
  label: `Chaos ${tag}`,
  description: `Created by run ${tag}.`,
  profiles: [...base.profiles],
  accessMappings: base.accessMappings.map((mapping) => ({ ...mapping })),
});

/** A definition file is named after its set: the file name gives the set's API name. */
const definitionFile = (set: SharingSet): string => `${set.fullName}.sharingSet-meta.xml`;

const sourcePath = (set: SharingSet): string =>
  `project/force-app/main/default/sharingSets/${set.fullName}.sharingSet-meta.xml`;

/**
 * The demo org's sets that `sharing audit` blocks (a profile the org lacks, an internal user's profile): a deploy
 * refuses a project holding them, so they are only ever deleted, and never copied.
 */
const BLOCKED = new Set(['Partner_Opportunities', 'Contact_Directory']);

/** Draws the scenario of a run against an org holding `orgSets`. */
export function drawScenario(rng: Rng, orgSets: FixtureSharingSet[], tag: string): Scenario {
  const all = orgSets.map(fromFixture);
  const sets = all.filter((set) => !BLOCKED.has(set.fullName));
  const kind = pick<ScenarioKind>(rng, ['create', 'update', 'delete', 'deploy', 'deploy --delete-missing']);
  if (kind === 'create') {
    const set = fresh(pick(rng, sets), `Chaos_${tag}`, tag);
    return {
      kind,
      args: ['sharing', 'set', 'create', '--definition-file', definitionFile(set)],
      files: [{ path: definitionFile(set), set }],
      intended: new Map([[set.fullName, set]]),
    };
  }
  if (kind === 'update') {
    const set = changed(rng, pick(rng, sets), tag);
    return {
      kind,
      args: ['sharing', 'set', 'create', '--update', '--definition-file', definitionFile(set)],
      files: [{ path: definitionFile(set), set }],
      intended: new Map([[set.fullName, set]]),
    };
  }
  if (kind === 'delete') {
    const set = pick(rng, all);
    return {
      kind,
      args: ['sharing', 'set', 'delete', '--name', set.fullName, '--no-prompt'],
      files: [],
      intended: new Map([[set.fullName, undefined]]),
    };
  }
  // A deploy: some sets kept as they are, some changed, some new (up to 12, so some runs write two batches of
  // creates), and with --delete-missing the org's sets the project leaves out are deleted.
  const project: SharingSet[] = [];
  const intended = new Map<string, SharingSet | undefined>();
  for (const set of all) {
    const roll = BLOCKED.has(set.fullName) ? 1 : rng();
    if (roll < 0.3) {
      project.push(set);
      intended.set(set.fullName, set);
    } else if (roll < 0.7) {
      const update = changed(rng, set, tag);
      project.push(update);
      intended.set(set.fullName, update);
    } else if (kind === 'deploy --delete-missing') intended.set(set.fullName, undefined);
  }
  const creates = 1 + int(rng, 12);
  for (let i = 0; i < creates; i++) {
    const set = fresh(pick(rng, sets), `Chaos_${tag}_${i}`, `${tag}.${i}`);
    project.push(set);
    intended.set(set.fullName, set);
  }
  return {
    kind,
    args: [
      'sharing',
      'set',
      'deploy',
      '--source-dir',
      'project/force-app',
      '--no-prompt',
      ...(kind === 'deploy --delete-missing' ? ['--delete-missing', '--force'] : []),
    ],
    files: project.map((set) => ({ path: sourcePath(set), set })),
    intended,
  };
}

/** One fault rule of `kind`, at a random request of the run or at its write. */
function faultRule(rng: Rng, kind: FaultKind): { faults: FaultRule[]; latency: LatencyRule[] } {
  const atWrite = rng() < 0.5;
  const where = atWrite ? { soapOperation: WRITES } : {};
  // Requests before the fault: a create sends about 8, a deploy about 10; the write is one of the last.
  const skip = int(rng, atWrite ? 2 : 10);
  if (kind === 'slow-write') return { faults: [], latency: [{ soapOperation: WRITES, ms: SLOW_WRITE_MS }] };
  const fault = kind as FaultType;
  // A session that expires stays expired; the other faults pass.
  const times = kind === 'invalid-session' ? undefined : 1 + (rng() < 0.2 ? 2 : 0);
  return { faults: [{ ...where, fault, skip, ...(times ? { times } : {}) }], latency: [] };
}

/** The faults injected into the org (the signals are sent to whole processes only). */
const ORG_FAULTS: FaultKind[] = FAULT_KINDS.filter((kind) => !kind.startsWith('SIG'));

/** The faults of a run: one or two org faults (sometimes none), and for a whole process a signal. */
export function drawFaults(rng: Rng, wholeProcess: boolean): FaultPlan {
  const plan: FaultPlan = { kinds: [], faults: [], latency: [] };
  const count = wholeProcess ? int(rng, 2) : 1 + (rng() < 0.3 ? 1 : 0);
  for (let i = 0; i < count; i++) {
    const kind = pick(rng, ORG_FAULTS);
    const rule = faultRule(rng, kind);
    plan.kinds.push(kind);
    plan.faults.push(...rule.faults);
    plan.latency.push(...rule.latency);
  }
  if (wholeProcess) {
    const name = rng() < 0.5 ? 'SIGINT' : 'SIGTERM';
    plan.kinds.push(name);
    plan.signal = { name, afterRequests: int(rng, 9), delayMs: int(rng, 40) };
  }
  return plan;
}
