/**
 * The plugin's commands, one entry each, with what the cross-cutting end-to-end tables need of every command: the
 * fault matrix (test/e2e/reliability/fault-matrix.e2e.ts), reads-never-write (read-only.e2e.ts), the secret sweep
 * (secrets.e2e.ts) and interrupts (test/e2e/interrupt.e2e.ts). Each of those tables is built from this registry and
 * checks that every command in oclif.manifest.json has its rows (`expectRowsForEveryCommand`), and
 * test/unit/commands.test.ts checks the registry against the commands in src/commands and the manifest: a new command
 * cannot be left out. Arguments never hold `-o`: each table adds the org it runs against.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { expect } from 'chai';
import type { FixtureSharingSet, RequestMatch } from '../emulator/index.js';
import { pluginRoot } from './e2e.js';

export const driftProject = join(pluginRoot, 'test', 'fixtures', 'projects', 'drift');
export const ursaMajorProject = join(pluginRoot, 'test', 'fixtures', 'projects', 'ursa-major');
/** One new set for the demo org, nothing the audit blocks on (test/fixtures/projects/deploy/README.md). */
export const deployProject = join(pluginRoot, 'test', 'fixtures', 'projects', 'deploy');

/** The alias of the second org the tables authorise beside the target (`set diff --compare-org`). */
export const COMPARE_ALIAS = 'compare';

export type WriteOp = 'create' | 'update' | 'delete';

/** A row of the fault matrix: one way to run the command, and the request a fault is injected into. */
export type FaultCommand = {
  title: string;
  args: string[];
  /** Its column's position in DEVELOPING.md's table (the rows are rendered in this order). */
  column: number;
  /** Exit code of a successful run (diff and audit report drift and findings with 3). */
  okCode: number;
  /** The request a fault is injected into. */
  target: RequestMatch;
  /**
   * For a write: what it changes (the matrix adds the name, mapping and backup folder of each cell). With `project`,
   * the command reads a project instead of flags: the matrix writes one holding the cell's definition and passes
   * `--source-dir` (and `--no-prompt`).
   */
  write?: { op: WriteOp; project?: true };
  /** Whether the failure cells also run with --json. */
  json?: boolean;
};

/**
 * A mode that must not write to either org (read-only.e2e.ts): `{dir}` is replaced by a temporary directory, `{run}`
 * by the run's output mode. A writing command lists its dry runs.
 */
export type ReadMode = { title: string; args: string[]; codes: number[]; compare?: true };

/**
 * A run of the secret sweep (secrets.e2e.ts), once human and once with --json, in this order. `SELF` stands for the
 * target org's alias; the second (--json) run replaces names found in its SECOND_NAMES.
 */
export type SecretRun = { what: string; args: string[]; codes: number[] };

/** An interrupt while the command reads (every answer held 4 s): nothing changed, nothing left on disk. */
export type ReadInterrupt = { title: string; args: string[] };

/** An interrupt while the command's one write is in flight (the org holds it 4 s). */
export type WriteInterrupt = {
  title: string;
  args: string[];
  /** The SOAP write the interrupt waits for. */
  operation: 'createMetadata' | 'updateMetadata' | 'deleteMetadata';
  /** What stderr must say (given the target's username, and the backup's file name if there is one). */
  says: (ctx: { username: string; backup?: string }) => string[];
  /** The set whose old definition the backup must hold; none when nothing was replaced (a new set). */
  backupOf?: string;
  /** What the org holds once the write has landed, given what it held before. */
  next: (before: FixtureSharingSet[]) => FixtureSharingSet[];
};

export type CommandSpec = {
  /** The oclif id, as in oclif.manifest.json. */
  id: string;
  /** The words that run it. */
  argv: string[];
  /** Whether it can write to an org. */
  writes: boolean;
  faults: FaultCommand[];
  readOnly: ReadMode[];
  secrets: SecretRun[];
  interrupt: { reading: ReadInterrupt[]; writing: WriteInterrupt[] };
};

const soapRead: RequestMatch = { soapOperation: 'readMetadata' };
const caseMapping = { accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' };
const community = ['--profile', 'Customer Community User'];
/** `set create` of a set for the community profile, mapping Case.Account to the user's Account; then `more`. */
const createArgs = (name: string, ...more: string[]): string[] => [
  'sharing',
  'set',
  'create',
  '--name',
  name,
  ...community,
  '--mapping',
  'Case.Account=Account',
  ...more,
];

const SET_LIST: CommandSpec = {
  id: 'sharing:set:list',
  argv: ['sharing', 'set', 'list'],
  writes: false,
  faults: [
    { title: 'set list', column: 1, args: ['sharing', 'set', 'list'], okCode: 0, target: soapRead, json: true },
    {
      title: 'set list --name',
      column: 2,
      args: ['sharing', 'set', 'list', '--name', 'Case_Sharing'],
      okCode: 0,
      target: soapRead,
    },
  ],
  readOnly: [
    { title: 'set list', args: ['sharing', 'set', 'list'], codes: [0] },
    { title: 'set list --name', args: ['sharing', 'set', 'list', '--name', 'Case_Sharing'], codes: [0] },
  ],
  secrets: [
    { what: 'set list', args: ['sharing', 'set', 'list'], codes: [0] },
    { what: 'set list --name', args: ['sharing', 'set', 'list', '--name', 'Case_Sharing'], codes: [0] },
    { what: 'set list --dev-debug (debug output on)', args: ['sharing', 'set', 'list', '--dev-debug'], codes: [0] },
    { what: 'bad flag', args: ['sharing', 'set', 'list', '--no-such-flag'], codes: [2] },
  ],
  interrupt: { reading: [{ title: 'set list', args: ['sharing', 'set', 'list'] }], writing: [] },
};

const PROFILE_LIST: CommandSpec = {
  id: 'sharing:profile:list',
  argv: ['sharing', 'profile', 'list'],
  writes: false,
  faults: [
    {
      title: 'profile list',
      column: 3,
      args: ['sharing', 'profile', 'list'],
      okCode: 0,
      target: { kind: 'rest-query' },
    },
  ],
  readOnly: [
    { title: 'profile list', args: ['sharing', 'profile', 'list'], codes: [0] },
    {
      title: 'profile list --include-internal',
      args: ['sharing', 'profile', 'list', '--include-internal'],
      codes: [0],
    },
    { title: 'profile list --eligible-only', args: ['sharing', 'profile', 'list', '--eligible-only'], codes: [0] },
    {
      title: 'profile list --profile',
      args: ['sharing', 'profile', 'list', '--profile', 'Customer Community User'],
      codes: [0],
    },
  ],
  secrets: [{ what: 'profile list', args: ['sharing', 'profile', 'list', '--include-internal'], codes: [0] }],
  interrupt: { reading: [{ title: 'profile list', args: ['sharing', 'profile', 'list'] }], writing: [] },
};

const SET_DIFF: CommandSpec = {
  id: 'sharing:set:diff',
  argv: ['sharing', 'set', 'diff'],
  writes: false,
  faults: [
    {
      title: 'set diff --source-dir',
      column: 4,
      args: ['sharing', 'set', 'diff', '--source-dir', driftProject],
      okCode: 3,
      target: soapRead,
    },
    {
      title: 'set diff --compare-org',
      column: 9,
      // A second org (a copy of the demo org, faults never injected) is the source side: each request the cell counts
      // went to the target org alone.
      args: ['sharing', 'set', 'diff', '--compare-org', COMPARE_ALIAS],
      okCode: 0,
      target: soapRead,
    },
  ],
  readOnly: [
    {
      title: 'set diff --compare-org',
      args: ['sharing', 'set', 'diff', '--compare-org', COMPARE_ALIAS],
      codes: [0, 3],
      compare: true,
    },
    {
      title: 'set diff --compare-org --result-format markdown',
      args: ['sharing', 'set', 'diff', '--compare-org', COMPARE_ALIAS, '--result-format', 'markdown'],
      codes: [0, 3],
      compare: true,
    },
    {
      title: 'set diff --source-dir --result-format markdown',
      args: ['sharing', 'set', 'diff', '--source-dir', driftProject, '--result-format', 'markdown'],
      codes: [3],
    },
    { title: 'set diff --source-dir', args: ['sharing', 'set', 'diff', '--source-dir', driftProject], codes: [0, 3] },
    {
      title: 'set diff --name',
      args: ['sharing', 'set', 'diff', '--source-dir', driftProject, '--name', 'Case_Sharing'],
      codes: [0, 3],
    },
  ],
  secrets: [
    { what: 'set diff', args: ['sharing', 'set', 'diff', '--source-dir', driftProject], codes: [3] },
    { what: 'set diff --compare-org', args: ['sharing', 'set', 'diff', '--compare-org', 'SELF'], codes: [0] },
  ],
  interrupt: {
    reading: [{ title: 'set diff', args: ['sharing', 'set', 'diff', '--source-dir', ursaMajorProject] }],
    writing: [],
  },
};

const reportFiles = (dir: string, name: string): string[] =>
  ['sarif', 'xml', 'md', 'csv'].flatMap((ext) => ['--output-file', `${dir}/${name}.${ext}`]);

const AUDIT: CommandSpec = {
  id: 'sharing:audit',
  argv: ['sharing', 'audit'],
  writes: false,
  faults: [
    { title: 'audit', column: 5, args: ['sharing', 'audit'], okCode: 3, target: soapRead },
    {
      title: 'audit (its REST queries)',
      column: 6,
      args: ['sharing', 'audit'],
      okCode: 3,
      target: { kind: 'rest-query' },
    },
    {
      title: 'audit (its describe composites)',
      column: 7,
      args: ['sharing', 'audit'],
      okCode: 3,
      target: { kind: 'composite' },
    },
    {
      title: 'audit --source-dir --target-org',
      column: 8,
      args: ['sharing', 'audit', '--source-dir', driftProject],
      okCode: 3,
      target: { kind: 'rest-query' },
    },
  ],
  readOnly: [
    { title: 'audit --target-org', args: ['sharing', 'audit'], codes: [0, 3] },
    { title: 'audit --target-org --deep', args: ['sharing', 'audit', '--deep'], codes: [0, 3] },
    {
      title: 'audit --source-dir --target-org',
      args: ['sharing', 'audit', '--source-dir', driftProject],
      codes: [0, 3],
    },
    {
      title: 'audit --output-file (every report format)',
      args: ['sharing', 'audit', ...reportFiles('{dir}', 'audit')],
      codes: [0, 3],
    },
    {
      title: 'audit --write-baseline, --result-format markdown',
      args: [
        'sharing',
        'audit',
        '--write-baseline',
        '{dir}/baseline-{run}.json',
        '--reason',
        'accepted',
        '--result-format',
        'markdown',
      ],
      codes: [0, 3],
    },
    {
      // The baseline written in before() accepts every finding: exit 0 shows it was read and applied.
      title: 'audit --baseline',
      args: ['sharing', 'audit', '--baseline', '{dir}/accepted.json'],
      codes: [0],
    },
    {
      title: 'audit --baseline --result-format sarif --output-file',
      args: [
        'sharing',
        'audit',
        '--baseline',
        '{dir}/accepted.json',
        '--result-format',
        'sarif',
        '--output-file',
        '{dir}/baselined-{run}.sarif',
      ],
      codes: [0],
    },
  ],
  secrets: [
    {
      what: 'audit with every report file',
      args: [
        'sharing',
        'audit',
        ...reportFiles('reports', 'a'),
        '--write-baseline',
        'reports/baseline.json',
        '--reason',
        'accepted',
      ],
      codes: [0, 3],
    },
    { what: 'audit --deep', args: ['sharing', 'audit', '--deep'], codes: [3] },
  ],
  interrupt: {
    reading: [
      {
        title: 'audit with report files',
        args: ['sharing', 'audit', '-f', 'report.sarif', '-f', 'report.xml', '--json'],
      },
    ],
    writing: [],
  },
};

const explainUser = ['--user', 'jrogers@burlington.example'];

const EXPLAIN: CommandSpec = {
  id: 'sharing:explain',
  argv: ['sharing', 'explain'],
  writes: false,
  faults: [
    {
      title: 'explain',
      column: 9.5,
      args: ['sharing', 'explain', ...explainUser],
      okCode: 0,
      target: { kind: 'rest-query' },
    },
  ],
  readOnly: [
    { title: 'explain', args: ['sharing', 'explain', ...explainUser], codes: [0] },
    {
      title: 'explain --record --result-format markdown --redact',
      args: [
        'sharing',
        'explain',
        ...explainUser,
        '--record',
        '003000000000001AAA',
        '--result-format',
        'markdown',
        '--redact',
      ],
      codes: [0],
    },
  ],
  secrets: [
    { what: 'explain', args: ['sharing', 'explain', ...explainUser, '--record', '003000000000001AAA'], codes: [0] },
    {
      what: 'explain, a bad Id',
      args: ['sharing', 'explain', ...explainUser, '--record', '003000000000001AAB'],
      codes: [2],
    },
  ],
  interrupt: { reading: [{ title: 'explain', args: ['sharing', 'explain', ...explainUser] }], writing: [] },
};

/**
 * `set retrieve` reads the org only: it writes local files (never to the org), so it is a read command in every table;
 * its read modes write into `{dir}`, and `--force` lets the fault matrix's cells run again over the files of the run
 * before (a file that already holds the definition is left alone).
 */
const SET_RETRIEVE: CommandSpec = {
  id: 'sharing:set:retrieve',
  argv: ['sharing', 'set', 'retrieve'],
  writes: false,
  faults: [
    {
      title: 'set retrieve',
      column: 9.8,
      args: ['sharing', 'set', 'retrieve', '--output-dir', 'retrieved', '--force'],
      okCode: 0,
      target: soapRead,
    },
  ],
  readOnly: [
    { title: 'set retrieve', args: ['sharing', 'set', 'retrieve', '--output-dir', '{dir}/retrieved-{run}'], codes: [0] },
    {
      title: 'set retrieve --name',
      args: ['sharing', 'set', 'retrieve', '--output-dir', '{dir}/named-{run}', '--name', 'Case_Sharing'],
      codes: [0],
    },
  ],
  secrets: [
    // Human, then --json, into one folder: --force lets the second run over the first one's files.
    { what: 'set retrieve', args: ['sharing', 'set', 'retrieve', '--output-dir', 'retrieved', '--force'], codes: [0] },
    {
      what: 'set retrieve over existing files (refused)',
      args: ['sharing', 'set', 'retrieve', '--output-dir', 'retrieved'],
      codes: [1],
    },
  ],
  interrupt: {
    reading: [{ title: 'set retrieve', args: ['sharing', 'set', 'retrieve', '--output-dir', 'retrieved'] }],
    writing: [],
  },
};

const exposureFiles = (dir: string, stem: string): string[] => [
  '--output-file',
  `${dir}/${stem}.md`,
  '--output-file',
  `${dir}/${stem}.csv`,
  '--output-file',
  `${dir}/${stem}.html`,
];

const EXPOSURE: CommandSpec = {
  id: 'sharing:exposure',
  argv: ['sharing', 'exposure'],
  writes: false,
  faults: [
    { title: 'exposure', column: 9.7, args: ['sharing', 'exposure'], okCode: 0, target: { kind: 'rest-query' } },
  ],
  readOnly: [
    { title: 'exposure', args: ['sharing', 'exposure'], codes: [0] },
    {
      title: 'exposure --output-file (every report format), --result-format markdown',
      args: ['sharing', 'exposure', ...exposureFiles('{dir}', 'exposure-{run}'), '--result-format', 'markdown'],
      codes: [0],
    },
  ],
  secrets: [
    {
      what: 'exposure with every report file',
      args: ['sharing', 'exposure', ...exposureFiles('reports', 'e')],
      codes: [0],
    },
    { what: 'exposure --result-format csv', args: ['sharing', 'exposure', '--result-format', 'csv'], codes: [0] },
    { what: 'exposure, an unknown set', args: ['sharing', 'exposure', '--name', 'No_Such_Set'], codes: [2] },
  ],
  interrupt: {
    reading: [{ title: 'exposure with report files', args: ['sharing', 'exposure', '-f', 'exposure.html', '--json'] }],
    writing: [],
  },
};

const SET_CREATE: CommandSpec = {
  id: 'sharing:set:create',
  argv: ['sharing', 'set', 'create'],
  writes: true,
  faults: [
    {
      title: 'set create',
      column: 10,
      args: ['sharing', 'set', 'create', ...community],
      okCode: 0,
      target: { soapOperation: 'createMetadata' },
      write: { op: 'create' },
    },
    {
      title: 'set create --update',
      column: 11,
      args: ['sharing', 'set', 'create', '--name', 'Case_Sharing', ...community],
      okCode: 0,
      target: { soapOperation: 'updateMetadata' },
      write: { op: 'update' },
    },
  ],
  // Its dry runs read the org and check the definition against it: they must not write either.
  readOnly: [
    {
      title: 'set create --dry-run',
      args: createArgs('Dry_Run_Set', '--dry-run'),
      codes: [0],
    },
    {
      title: 'set create --update --dry-run',
      args: createArgs('Case_Sharing', '--update', '--dry-run'),
      codes: [0],
    },
  ],
  secrets: [
    {
      what: 'set create --output-dir',
      args: createArgs('Secret_Check', '--output-dir', 'force-app/main/default'),
      codes: [0],
    },
    {
      what: 'set create --update (backup)',
      args: createArgs('Case_Sharing', '--update'),
      codes: [0],
    },
    {
      what: 'set create --dry-run',
      args: createArgs('Dry_Secret', '--dry-run'),
      codes: [0],
    },
    {
      // Refused before any write: the name is taken and the profile does not exist, both listed (exit 2).
      what: 'a definition create refuses',
      args: [
        'sharing',
        'set',
        'create',
        '--name',
        'Case_Sharing',
        '--profile',
        'Nobody',
        '--mapping',
        'Case.Account=Account',
      ],
      codes: [2],
    },
  ],
  interrupt: {
    reading: [
      {
        title: 'set create, while checking against the org',
        args: createArgs('New_Set', '--output-dir', 'force-app'),
      },
    ],
    writing: [
      {
        title: 'create --update: the backup stays and the message says how to restore it',
        args: [
          'sharing',
          'set',
          'create',
          '--name',
          'Case_Sharing',
          '--label',
          'Interrupted Update',
          '--description',
          'sent, then interrupted',
          ...community,
          '--mapping',
          'Case.Account=Account',
          '--update',
        ],
        operation: 'updateMetadata',
        says: ({ backup }) => [
          'Interrupted while writing Case_Sharing',
          `--definition-file .sharing-backups/${backup ?? '?'} --update`,
        ],
        backupOf: 'Case_Sharing',
        // The update was on its way: the org holds the new definition, whole, and nothing else changed.
        next: (before) =>
          before.map((set) =>
            set.fullName === 'Case_Sharing'
              ? {
                  fullName: 'Case_Sharing',
                  name: 'Interrupted Update',
                  description: 'sent, then interrupted',
                  profiles: ['Customer Community User'],
                  accessMappings: [caseMapping],
                }
              : set
          ),
      },
      {
        title: 'create (a new set): says the org either has it or not, how to check, and that nothing needed a backup',
        args: createArgs('Brand_New'),
        operation: 'createMetadata',
        says: ({ username }) => [
          'Interrupted while creating Brand_New',
          `sf sharing set list --target-org ${username} --name Brand_New`,
        ],
        // The new set, whole, beside the others.
        next: (before) => [
          ...before,
          {
            fullName: 'Brand_New',
            name: 'Brand New',
            profiles: ['Customer Community User'],
            accessMappings: [caseMapping],
          },
        ],
      },
    ],
  },
};

const SET_DELETE: CommandSpec = {
  id: 'sharing:set:delete',
  argv: ['sharing', 'set', 'delete'],
  writes: true,
  faults: [
    {
      title: 'set delete',
      column: 12,
      args: ['sharing', 'set', 'delete', '--no-prompt'],
      okCode: 0,
      target: { soapOperation: 'deleteMetadata' },
      write: { op: 'delete' },
      json: true,
    },
  ],
  readOnly: [
    {
      title: 'set delete --dry-run',
      args: ['sharing', 'set', 'delete', '--name', 'Case_Sharing', '--dry-run', '--backup-dir', '{dir}/backups'],
      codes: [0],
    },
  ],
  secrets: [
    {
      what: 'set delete (backup)',
      args: ['sharing', 'set', 'delete', '--name', 'Asset_Sharing', '--no-prompt'],
      codes: [0],
    },
    {
      what: 'set delete --dry-run',
      args: ['sharing', 'set', 'delete', '--name', 'Case_Sharing', '--dry-run'],
      codes: [0],
    },
    { what: 'missing required flag', args: ['sharing', 'set', 'delete', '--no-prompt'], codes: [2] },
  ],
  interrupt: {
    reading: [
      { title: 'set delete, while reading', args: ['sharing', 'set', 'delete', '-n', 'Asset_Sharing', '--no-prompt'] },
    ],
    writing: [
      {
        title: 'delete: the backup stays and the message says how to restore it',
        args: ['sharing', 'set', 'delete', '--name', 'Asset_Sharing', '--no-prompt'],
        operation: 'deleteMetadata',
        says: ({ backup }) => [
          'Interrupted while deleting Asset_Sharing',
          `--definition-file .sharing-backups/${backup ?? '?'}`,
        ],
        backupOf: 'Asset_Sharing',
        // The set is gone whole (never half a set), and the other sets are untouched.
        next: (before) => before.filter((set) => set.fullName !== 'Asset_Sharing'),
      },
    ],
  },
};

const deployArgs = (...more: string[]): string[] => [
  'sharing',
  'set',
  'deploy',
  '--source-dir',
  deployProject,
  ...more,
];

const SET_DEPLOY: CommandSpec = {
  id: 'sharing:set:deploy',
  argv: ['sharing', 'set', 'deploy'],
  writes: true,
  faults: [
    {
      title: 'set deploy --dry-run',
      column: 9.9,
      args: deployArgs('--dry-run'),
      okCode: 0,
      target: soapRead,
    },
    {
      // One changed set in the project: one batch of one item (a batch of several: test/e2e/set-deploy.e2e.ts).
      title: 'set deploy',
      column: 13,
      args: ['sharing', 'set', 'deploy'],
      okCode: 0,
      target: { soapOperation: 'updateMetadata' },
      write: { op: 'update', project: true },
      json: true,
    },
  ],
  readOnly: [
    { title: 'set deploy --dry-run', args: deployArgs('--dry-run', '--backup-dir', '{dir}/backups'), codes: [0] },
    {
      title: 'set deploy --dry-run --delete-missing --force --result-format markdown',
      args: deployArgs('--dry-run', '--delete-missing', '--force', '--result-format', 'markdown'),
      codes: [0],
    },
    {
      // The drift project holds a set the audit blocks on: refused (exit 2), and reading only all the same.
      title: 'set deploy, a refused plan',
      args: ['sharing', 'set', 'deploy', '--source-dir', driftProject, '--no-prompt'],
      codes: [2],
    },
  ],
  secrets: [
    { what: 'set deploy --dry-run', args: deployArgs('--dry-run'), codes: [0] },
    {
      what: 'set deploy (backup folder)',
      args: ['sharing', 'set', 'deploy', '--source-dir', driftProject, '--ignore-problems', '--no-prompt'],
      codes: [0],
    },
    {
      what: 'set deploy, a refused plan',
      args: ['sharing', 'set', 'deploy', '--source-dir', ursaMajorProject, '--delete-missing', '--no-prompt'],
      codes: [2],
    },
  ],
  interrupt: {
    reading: [{ title: 'set deploy, while planning', args: deployArgs('--no-prompt') }],
    writing: [
      {
        title: 'deploy (a new set): says which batch was in flight, what holds what, and that nothing needed a backup',
        args: deployArgs('--no-prompt'),
        operation: 'createMetadata',
        says: () => ['Interrupted while writing batch 1 of 1', 'in flight (Brand_New_Deploy)', 'so there is no backup'],
        next: (before) => [
          ...before,
          {
            fullName: 'Brand_New_Deploy',
            name: 'Brand New Deploy',
            profiles: ['Customer Community User'],
            accessMappings: [caseMapping],
          },
        ],
      },
    ],
  },
};

/**
 * Every command, reads first then writes (the secret sweep runs its rows in this order, and the writes change the
 * org the later rows see).
 */
export const COMMAND_REGISTRY: readonly CommandSpec[] = [
  SET_LIST,
  PROFILE_LIST,
  SET_DIFF,
  AUDIT,
  EXPLAIN,
  EXPOSURE,
  SET_RETRIEVE,
  SET_CREATE,
  SET_DELETE,
  SET_DEPLOY,
];

const manifestPath = join(pluginRoot, 'oclif.manifest.json');

/** The command ids in the built oclif.manifest.json (`npm run build` writes it). */
export function manifestCommandIds(): string[] {
  if (!existsSync(manifestPath)) {
    throw new Error(`${manifestPath} is missing: run "npm run build" first (the tables check every command in it)`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { commands?: Record<string, unknown> };
  return Object.keys(manifest.commands ?? {}).sort();
}

export const hasManifest = (): boolean => existsSync(manifestPath);

/** The command ids the sources define: src/commands/<a>/<b>.ts is `a:b` (oclif's own rule). */
export function sourceCommandIds(): string[] {
  const root = join(pluginRoot, 'src', 'commands');
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.split(sep).at(-1)?.startsWith('index.'))
    .map((file) => file.replace(/\.ts$/, '').split(sep).join(':'))
    .sort();
}

/** The registry's entry for a command id, or a failure naming the file to add it to. */
export function commandSpec(id: string): CommandSpec {
  const found = COMMAND_REGISTRY.filter((spec) => spec.id === id);
  expect(
    found,
    `command "${id}" has ${found.length} entries in test/helpers/commands.ts (COMMAND_REGISTRY): it needs exactly one`
  ).to.have.length(1);
  return found[0];
}

/**
 * For a cross-cutting table: every command in oclif.manifest.json has exactly one registry entry, and that entry at
 * least one row in the table (`rows`), else a failure naming the command, the table and where to add its rows.
 */
export function expectRowsForEveryCommand(table: string, rows: (spec: CommandSpec) => unknown[]): void {
  const missing: string[] = [];
  for (const id of manifestCommandIds()) {
    const spec = commandSpec(id);
    if (rows(spec).length === 0) missing.push(id);
  }
  expect(
    missing,
    `commands in oclif.manifest.json with no row in ${table}: add their rows to their entry in test/helpers/commands.ts`
  ).to.deep.equal([]);
}
