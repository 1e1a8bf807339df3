/**
 * `sf sharing exposure` end to end: the built plugin against an emulated org whose every user and record is known,
 * counted against a brute-force count; the reports (terminal, Markdown, CSV, HTML) with hostile org text; the output
 * files' safety; bad inputs.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type { SharingExposureResult } from '../../src/commands/sharing/exposure.js';
import { bruteForce, exposureFixture, HOSTILE_LABEL } from '../unit/exposure/fixture.js';
import { errorOf, succeeded, useOrgEnv, type OrgEnv } from '../helpers/e2e.js';
import { assertMatchesSchema } from './schema.js';

const FIXTURE = exposureFixture({ users: 80, hostile: true, seed: 3 });

describe('e2e: sf sharing exposure', () => {
  let env: OrgEnv;
  useOrgEnv({ fixture: FIXTURE, work: 'exposure-' }, (ready) => {
    env = ready;
  });

  const run = (args: string[]): ReturnType<OrgEnv['run']> =>
    env.run(['sharing', 'exposure', '-o', env.alias, ...args], { cwd: env.work });

  it('counts every mapping exactly (--json, schema), with totals, API calls and round trips', async () => {
    const { code, json, stderr } = succeeded(await run(['--json']));
    expect(code, stderr).to.equal(0);
    assertMatchesSchema('sharing-exposure', json.result);
    const result = json.result as SharingExposureResult;
    const expected = bruteForce(FIXTURE);
    expect(result.mappings.length).to.equal(expected.size);
    for (const m of result.mappings) {
      const key = `${m.sharingSet}#${m.mappingIndex}`;
      expect({ users: m.users, records: m.records, grants: m.grants }, key).to.deep.equal(expected.get(key));
    }
    const sum = (pick: (m: SharingExposureResult['mappings'][number]) => number): number =>
      result.mappings.reduce((n, m) => n + pick(m), 0);
    expect(result.totals.org.grants).to.equal(sum((m) => m.grants));
    expect(result.totals.org.editGrants).to.equal(sum((m) => (m.accessLevel === 'Edit' ? m.grants : 0)));
    expect(result.totals.byProfile.find((p) => p.name === 'Ghost Profile')?.status).to.equal('absent');
    expect(result.totals.byProfile.find((p) => p.name === 'Standard User')?.status).to.equal('ineligible');
    expect(result.apiCalls.query).to.be.greaterThan(0);
    expect(result.roundTrips).to.be.within(3, 6);
    // No query per user or per record: the org's queries are the snapshot's and the aggregates.
    const queries = env.emulator.log.filter((entry) => entry.kind === 'rest-query').map((entry) => entry.soql ?? '');
    expect(
      queries.filter((soql) => /FROM (Case|User|Account|Contact)\b/.test(soql) && !/GROUP BY|WHERE Id IN/.test(soql))
    ).to.deep.equal([]);
  });

  it('prints a table and the Edit exposure, org text made inert', async () => {
    const result = await run([]);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.contain('Case_Related_Accounts').and.contain('Case.Account = User.Contact.RelatedAccount');
    expect(result.stdout).to.match(/Edit: Case_Contact mapping 1 lets \d+ user\(s\) edit/);
    expect(result.stdout).to.match(/mapping\(s\): \d+ eligible user\(s\)/);
  });

  it('writes the Markdown, CSV and HTML reports; hostile labels stay text; its own reports are replaced', async () => {
    const files = ['--output-file', 'out/e.md', '--output-file', 'out/e.csv', '--output-file', 'out/e.html'];
    for (let round = 0; round < 2; round++) {
      // eslint-disable-next-line no-await-in-loop
      const result = await run([...files, '--json']);
      expect(result.code, result.stderr).to.equal(0);
    }
    const md = await readFile(join(env.work, 'out', 'e.md'), 'utf8');
    const csv = await readFile(join(env.work, 'out', 'e.csv'), 'utf8');
    const html = await readFile(join(env.work, 'out', 'e.html'), 'utf8');
    expect(md)
      .to.match(/^## Sharing set exposure\n/)
      .and.contain('```mermaid\nflowchart LR');
    expect(md).to.not.contain('<img');
    expect(md).to.not.contain(HOSTILE_LABEL);
    expect(md).to.contain('&lt;img src=x onerror=alert(1)&gt;');
    expect(csv.split('\r\n')[0]).to.equal(
      'sharingSet,label,mappingIndex,object,accessLevel,objectField,userField,profiles,users,records,grants,keys,topKeys,notCounted'
    );
    expect(csv).to.contain('Hostile_Set,"<img src=x onerror=alert(1)> ""q""');
    expect(html).to.not.contain('<img');
    expect(html).to.contain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).to.match(/<svg[^>]*id="graph"/);
  });

  it('never replaces a file it did not write (unless --force), and checks it before reading the org', async () => {
    const mine = join(env.work, 'README.md');
    await writeFile(mine, '# my notes\n');
    env.emulator.clearLog();
    const refused = await run(['--output-file', 'README.md', '--json']);
    expect(refused.code).to.equal(1);
    expect(errorOf(refused).message).to.contain('README.md').and.contain('--force');
    expect(await readFile(mine, 'utf8')).to.equal('# my notes\n');
    expect(env.emulator.log.filter((entry) => entry.kind === 'rest-query' || entry.kind === 'soap')).to.deep.equal([]);
    const forced = await run(['--output-file', 'README.md', '--force', '--json']);
    expect(forced.code, forced.stderr).to.equal(0);
    expect(await readFile(mine, 'utf8')).to.match(/^## Sharing set exposure/);
  });

  it('filters by set, profile and object; --top bounds the named keys', async () => {
    const result = succeeded(
      await run(['--name', 'Mixed_Profiles', '--name', 'Case_Account', '--object', 'Case', '--top', '1', '--json'])
    ).json.result as SharingExposureResult;
    expect(result.mappings.map((m) => `${m.sharingSet}#${m.mappingIndex}`)).to.deep.equal([
      'Case_Account#0',
      'Mixed_Profiles#0',
      'Mixed_Profiles#1',
    ]);
    expect(result.mappings.every((m) => m.topKeys.length <= 1)).to.equal(true);
  });

  const bad: Array<[string, string[], RegExp]> = [
    ['an unknown sharing set', ['--name', 'No_Such_Set'], /No sharing set named No_Such_Set/],
    ['a report file with no known extension', ['--output-file', 'report.txt'], /extension names no report format/],
    ['--top below 0', ['--top', '-1'], /top/i],
    ['--top not a number', ['--top', 'many'], /top/i],
    ['an unknown result format', ['--result-format', 'sarif'], /result-format/],
  ];
  for (const [what, args, says] of bad) {
    it(`bad input, ${what}: one line, exit 2`, async () => {
      const result = await run([...args, '--json']);
      expect(result.code, result.stdout).to.equal(2);
      expect(errorOf(result).message).to.match(says);
    });
  }
});

describe('e2e: sf sharing exposure on an org with a huge object that times out', () => {
  // Case holds millions of records by the org's count, and every aggregate on it runs too long.
  const fixture = exposureFixture({ users: 60, seed: 4 });
  let env: OrgEnv;
  useOrgEnv(
    {
      fixture,
      work: 'exposure-large-',
      emulator: { behaviours: { recordCounts: { Case: 5_000_000 }, queryTimeoutOn: ['Case'] } },
    },
    (ready) => {
      env = ready;
    }
  );

  it('reports the Case mappings "not counted" with the reason and the size, counts the others, exit 0', async () => {
    const { code, json, stderr } = succeeded(await env.run(['sharing', 'exposure', '-o', env.alias, '--json']));
    expect(code, stderr).to.equal(0);
    assertMatchesSchema('sharing-exposure', json.result);
    const result = json.result as SharingExposureResult;
    const expected = bruteForce(fixture);
    const onCase = result.mappings.filter((m) => m.object === 'Case' && m.keys > 0);
    expect(onCase.length).to.be.greaterThan(3);
    for (const m of onCase) {
      expect(m.notCounted?.code, `${m.sharingSet}#${m.mappingIndex}`).to.equal('QUERY_TIMEOUT');
      expect(m.notCounted?.reason).to.contain('Case: about 5,000,000 records');
    }
    for (const m of result.mappings.filter((mapping) => mapping.object !== 'Case')) {
      const key = `${m.sharingSet}#${m.mappingIndex}`;
      expect(m.notCounted, key).to.equal(undefined);
      expect({ users: m.users, records: m.records, grants: m.grants }, key).to.deep.equal(expected.get(key));
    }
    expect(env.emulator.log.filter((entry) => entry.path.includes('/limits/recordCount'))).to.have.length(1);
  });

  it('says which mappings were not counted and why on the terminal', async () => {
    const result = await env.run(['sharing', 'exposure', '-o', env.alias, '--object', 'Case']);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stderr).to.match(/Case_Account mapping 1 \(Case\) was not counted: [^\n]*(ran|running) too long/);
    expect(result.stderr).to.contain('about 5,000,000 records');
  });
});
