import { expect } from 'chai';
import {
  BASELINE_VERSION,
  BaselineError,
  applyBaseline,
  createBaseline,
  isDate,
  parseBaseline,
  pruneBaseline,
  refreshBaseline,
  type Baseline,
  type BaselineEntry,
} from '../../../src/audit/baseline.js';
import type { Finding } from '../../../src/audit/types.js';

function finding(fingerprint: string, ruleId = 'profile-not-found', sharingSet = 'Case_Sharing'): Finding {
  return {
    ruleId,
    severity: 'error',
    confidence: 'high',
    message: `${ruleId} in ${sharingSet}`,
    target: { sharingSet, profile: 'Ghost' },
    fingerprint,
  };
}

function entry(fingerprint: string, extra: Partial<BaselineEntry> = {}): BaselineEntry {
  return { fingerprint, ruleId: 'profile-not-found', target: 'Case_Sharing', reason: 'Known', ...extra };
}

function baseline(...entries: BaselineEntry[]): Baseline {
  return { version: BASELINE_VERSION, entries };
}

/** The problems parseBaseline reports for a text (fails the test when it parses). */
function problemsOf(text: string): string[] {
  try {
    parseBaseline(text);
  } catch (error) {
    expect(error).to.be.instanceOf(BaselineError);
    return (error as BaselineError).problems;
  }
  return expect.fail('expected a BaselineError');
}

describe('baseline', () => {
  describe('parseBaseline', () => {
    it('reads a valid baseline, trimming reasons and keeping expiry dates', () => {
      const text = JSON.stringify({
        version: 1,
        entries: [
          { fingerprint: 'a'.repeat(64), ruleId: 'profile-not-found', target: 'Set › profile X', reason: ' JIRA-1 ' },
          { fingerprint: 'b'.repeat(64), ruleId: 'edit-on-account-contact-user', reason: 'Q3', expires: '2024-02-29' },
        ],
      });
      expect(parseBaseline(text)).to.deep.equal({
        version: 1,
        entries: [
          { fingerprint: 'a'.repeat(64), ruleId: 'profile-not-found', target: 'Set › profile X', reason: 'JIRA-1' },
          {
            fingerprint: 'b'.repeat(64),
            ruleId: 'edit-on-account-contact-user',
            target: '',
            reason: 'Q3',
            expires: '2024-02-29',
          },
        ],
      });
      expect(parseBaseline('{"version":1,"entries":[]}')).to.deep.equal({ version: 1, entries: [] });
    });

    it('rejects text that is not JSON', () => {
      const problems = problemsOf('{"version": 1, "entries": [');
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(/^not valid JSON/);
    });

    it('rejects a document without an entries array', () => {
      for (const text of ['null', '[]', '"baseline"', '{"version":1}', '{"version":1,"entries":{}}']) {
        expect(problemsOf(text), text).to.deep.equal(['expected an object with an "entries" array']);
      }
    });

    it('rejects a version it does not read', () => {
      expect(problemsOf('{"version":2,"entries":[]}')).to.deep.equal([
        'unsupported version 2 (this plugin reads version 1)',
      ]);
      expect(problemsOf('{"entries":[]}')[0]).to.match(/^unsupported version undefined/);
      expect(problemsOf('{"version":"1","entries":[]}')[0]).to.match(/^unsupported version 1 /);
    });

    it('reports every problem of every entry at once', () => {
      const text = JSON.stringify({
        version: 1,
        entries: [
          { fingerprint: 'fp-ok', ruleId: 'r', reason: 'fine' },
          { fingerprint: 'fp-1', ruleId: 'r' },
          { ruleId: 'r', reason: '   ' },
          { fingerprint: 'fp-3', ruleId: 'r', reason: 'x', expires: '2026-02-30' },
          { fingerprint: 'fp-4', ruleId: 'r', reason: 'x', expires: '01/02/2026' },
          { fingerprint: 'fp-5', ruleId: 'r', reason: 'x', expires: 20_260_101 },
          null,
        ],
      });
      expect(problemsOf(text)).to.deep.equal([
        'entries[1]: "reason" must be a non-empty string',
        'entries[2]: "fingerprint" must be a non-empty string',
        'entries[2]: "reason" must be a non-empty string',
        'entries[3]: "expires" must be a date written YYYY-MM-DD',
        'entries[4]: "expires" must be a date written YYYY-MM-DD',
        'entries[5]: "expires" must be a date written YYYY-MM-DD',
        'entries[6]: "fingerprint" must be a non-empty string',
        'entries[6]: "ruleId" must be a non-empty string',
        'entries[6]: "reason" must be a non-empty string',
      ]);
    });

    it('says all problems in the error message', () => {
      const text = JSON.stringify({ version: 1, entries: [{ ruleId: 'r' }] });
      expect(() => parseBaseline(text)).to.throw(
        BaselineError,
        'entries[0]: "fingerprint" must be a non-empty string; entries[0]: "reason" must be a non-empty string'
      );
    });
  });

  describe('isDate', () => {
    it('accepts real calendar dates only', () => {
      expect(isDate('2024-02-29')).to.equal(true);
      expect(isDate('2026-12-31')).to.equal(true);
      for (const bad of ['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '2026-1-1', '2026-01-01T00:00', '']) {
        expect(isDate(bad), bad).to.equal(false);
      }
    });
  });

  describe('applyBaseline', () => {
    const today = '2026-03-15';

    it('suppresses findings whose fingerprint the baseline holds, keeping the reason', () => {
      const findings = [finding('fp-a'), finding('fp-b', 'edit-on-account-contact-user'), finding('fp-c')];
      const outcome = applyBaseline(findings, baseline(entry('fp-b', { reason: 'Installers need it' })), today);
      expect(outcome.active.map((f) => f.fingerprint)).to.deep.equal(['fp-a', 'fp-c']);
      expect(outcome.suppressed).to.deep.equal([{ finding: findings[1], reason: 'Installers need it' }]);
      expect(outcome.expired).to.deep.equal([]);
      expect(outcome.unused).to.deep.equal([]);
    });

    it('matches by fingerprint only, never by rule id or target text', () => {
      const outcome = applyBaseline(
        [finding('fp-a')],
        baseline(entry('fp-other', { ruleId: 'profile-not-found', target: 'Case_Sharing' })),
        today
      );
      expect(outcome.active).to.have.length(1);
      expect(outcome.suppressed).to.deep.equal([]);
    });

    it('still suppresses on the expiry day itself', () => {
      const findings = [finding('fp-a')];
      const outcome = applyBaseline(findings, baseline(entry('fp-a', { expires: today })), today);
      expect(outcome.active).to.deep.equal([]);
      expect(outcome.suppressed).to.deep.equal([{ finding: findings[0], reason: 'Known', expires: today }]);
      expect(outcome.expired).to.deep.equal([]);
    });

    it('treats an entry that expired yesterday as expired: its finding is active again', () => {
      const findings = [finding('fp-a'), finding('fp-b')];
      const old = entry('fp-a', { expires: '2026-03-14' });
      const outcome = applyBaseline(findings, baseline(old, entry('fp-b', { expires: '2026-03-16' })), today);
      expect(outcome.active).to.deep.equal([findings[0]]);
      expect(outcome.suppressed.map((s) => s.finding.fingerprint)).to.deep.equal(['fp-b']);
      expect(outcome.expired).to.deep.equal([old]);
      expect(outcome.unused).to.deep.equal([]);
    });

    it('compares dates across month and year boundaries', () => {
      const outcome = applyBaseline(
        [finding('fp-a')],
        baseline(entry('fp-a', { expires: '2025-12-31' })),
        '2026-01-01'
      );
      expect(outcome.expired).to.have.length(1);
    });

    it('lists entries that match no finding as unused, expired or not', () => {
      const gone = entry('fp-gone');
      const goneExpired = entry('fp-gone-too', { expires: '2000-01-01' });
      const outcome = applyBaseline([finding('fp-a')], baseline(entry('fp-a'), gone, goneExpired), today);
      expect(outcome.suppressed).to.have.length(1);
      expect(outcome.unused).to.deep.equal([gone, goneExpired]);
      expect(outcome.expired).to.deep.equal([]);
    });

    it('passes everything through with an empty baseline', () => {
      const findings = [finding('fp-a'), finding('fp-b')];
      expect(applyBaseline(findings, baseline(), today)).to.deep.equal({
        active: findings,
        suppressed: [],
        expired: [],
        unused: [],
      });
    });
  });

  describe('createBaseline', () => {
    const describeFinding = (f: Finding): string => `${f.ruleId}: ${f.target.sharingSet ?? ''}`;

    it('accepts every finding once, with the reason and the description of its target', () => {
      const findings = [
        finding('fp-a'),
        finding('fp-b', 'edit-on-account-contact-user', 'Installer_Edit'),
        finding('fp-a'),
      ];
      expect(createBaseline(findings, 'Tracked in JIRA-7', describeFinding)).to.deep.equal({
        version: BASELINE_VERSION,
        entries: [
          {
            fingerprint: 'fp-a',
            ruleId: 'profile-not-found',
            target: 'profile-not-found: Case_Sharing',
            reason: 'Tracked in JIRA-7',
          },
          {
            fingerprint: 'fp-b',
            ruleId: 'edit-on-account-contact-user',
            target: 'edit-on-account-contact-user: Installer_Edit',
            reason: 'Tracked in JIRA-7',
          },
        ],
      });
    });

    it('carries the expiry date to every entry', () => {
      const created = createBaseline([finding('fp-a'), finding('fp-b')], 'Until Q3', describeFinding, '2026-09-30');
      expect(created.entries.map((e) => e.expires)).to.deep.equal(['2026-09-30', '2026-09-30']);
    });

    it('round-trips: what it writes parses and suppresses the same findings', () => {
      const findings = [finding('fp-a'), finding('fp-b')];
      const parsed = parseBaseline(JSON.stringify(createBaseline(findings, 'ok', describeFinding, '2026-03-15')));
      const outcome = applyBaseline(findings, parsed, '2026-03-15');
      expect(outcome.active).to.deep.equal([]);
      expect(outcome.suppressed).to.have.length(2);
    });

    it('is empty for no findings', () => {
      expect(createBaseline([], 'nothing', describeFinding)).to.deep.equal({ version: BASELINE_VERSION, entries: [] });
    });
  });

  describe('refreshBaseline', () => {
    const describeFinding = (f: Finding): string => `${f.ruleId}: ${f.target.sharingSet ?? ''}`;
    const ran = new Set(['profile-not-found', 'edit-on-account-contact-user']);

    it('keeps the reason and expiry of entries still matching; new findings get the new reason; unused are dropped', () => {
      const previous = baseline(
        entry('fp-a', { reason: 'Tracked in JIRA-7', expires: '2027-01-31' }),
        entry('fp-gone', { reason: 'Fixed since' })
      );
      const refreshed = refreshBaseline(
        [finding('fp-a'), finding('fp-new', 'edit-on-account-contact-user', 'Installer_Edit')],
        previous,
        ran,
        'Accepted in the Q4 review',
        describeFinding,
        '2027-06-30'
      );
      expect(refreshed.baseline.entries.map((e) => [e.fingerprint, e.reason, e.expires])).to.deep.equal([
        ['fp-a', 'Tracked in JIRA-7', '2027-01-31'],
        ['fp-new', 'Accepted in the Q4 review', '2027-06-30'],
      ]);
      expect([refreshed.kept, refreshed.added, refreshed.dropped]).to.deep.equal([1, 1, 1]);
    });

    it('never extends an expired acceptance, and keeps the entries of rules that did not run', () => {
      const previous = baseline(
        entry('fp-a', { expires: '2020-01-01' }),
        entry('fp-other', { ruleId: 'account-data-skew', reason: 'Placeholder account' })
      );
      const refreshed = refreshBaseline([finding('fp-a')], previous, ran, 'New', describeFinding);
      expect(refreshed.baseline.entries.map((e) => [e.fingerprint, e.reason, e.expires])).to.deep.equal([
        ['fp-a', 'Known', '2020-01-01'],
        ['fp-other', 'Placeholder account', undefined],
      ]);
      expect(refreshed.dropped).to.equal(0);
    });

    it('a finding accepted through another fingerprint of its pair (acceptedAs) keeps that reason', () => {
      const pairSide: Finding = { ...finding('fp-first'), acceptedAs: ['fp-second'] };
      const refreshed = refreshBaseline(
        [pairSide, finding('fp-second')],
        baseline(entry('fp-second', { reason: 'One set per region' })),
        ran,
        'New',
        describeFinding
      );
      expect(refreshed.baseline.entries.map((e) => [e.fingerprint, e.reason])).to.deep.equal([
        ['fp-first', 'One set per region'],
        ['fp-second', 'One set per region'],
      ]);
      expect([refreshed.kept, refreshed.added, refreshed.dropped]).to.deep.equal([2, 0, 0]);
    });
  });

  describe('pruneBaseline', () => {
    it('removes unused entries of rules that ran, and keeps those of rules that did not', () => {
      const used = entry('fp-a');
      const gone = entry('fp-gone');
      const notRun = entry('fp-skew', { ruleId: 'account-data-skew' });
      const file = baseline(used, gone, notRun);
      const outcome = applyBaseline([finding('fp-a')], file, '2026-01-01');
      const pruned = pruneBaseline(file, outcome.unused, new Set(['profile-not-found']));
      expect(pruned.removed).to.deep.equal([gone]);
      expect(pruned.baseline.entries).to.deep.equal([used, notRun]);
    });
  });
});
