import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { Snapshot } from '../../../src/model/types.js';
import type { Rule } from '../../../src/audit/types.js';
import { UnknownRuleError, runAudit, selectRules } from '../../../src/audit/engine.js';
import { RULES } from '../../../src/audit/rules/index.js';
import { renderRuleCatalogueMarkdown } from '../../../src/audit/catalogue.js';
import { goodSnapshot, mapping, sharingSet, withExtraSet, withSet } from './snapshotBuilder.js';

/** A configuration with several findings: a missing profile, a bad objectField, Edit on Account. */
function brokenSnapshot(): Snapshot {
  return withSet((set) => ({
    ...set,
    profiles: [...set.profiles, 'Ghost Profile'],
    accessMappings: [
      ...set.accessMappings,
      mapping('Case', 'Subject', 'Account'),
      mapping('Account', 'Id', 'Account', 'Edit'),
    ],
    location: {
      file: 'sharingSets/Customer_Access.sharingSet-meta.xml',
      line: 2,
      mappingLines: [3, 9, 15, 21, 27, 33, 39],
      profileLines: [45, 46, 47],
    },
  }));
}

describe('runAudit', () => {
  describe('rule selection', () => {
    it('runs every rule by default, except deep ones without --deep', () => {
      const result = runAudit(goodSnapshot());
      const deepIds = RULES.filter((rule) => rule.meta.deep).map((rule) => rule.meta.id);
      expect(result.rulesRun.map((meta) => meta.id)).to.deep.equal(
        RULES.map((rule) => rule.meta.id).filter((id) => !deepIds.includes(id))
      );
      expect(result.rulesSkipped.map((skipped) => skipped.id)).to.deep.equal(deepIds);
    });

    it('with --deep but no record counts (a project without an org), skips the deep rules and says why', () => {
      const { skew, ...snapshot } = goodSnapshot();
      expect(skew, 'the good snapshot has record counts').to.not.equal(undefined);
      const result = runAudit(snapshot, { deep: true });
      const deepIds = RULES.filter((rule) => rule.meta.deep).map((rule) => rule.meta.id);
      expect(deepIds).to.not.deep.equal([]);
      expect(result.rulesRun.map((meta) => meta.id)).to.not.include.members(deepIds);
      expect(result.rulesSkipped).to.deep.equal(deepIds.map((id) => ({ id, reason: 'needs-org' })));
      expect(runAudit({ ...snapshot, skew }, { deep: true }).rulesRun.map((meta) => meta.id)).to.include.members(
        deepIds
      );
    });

    it('a project alone: the deep rules need an org, whatever --deep says', () => {
      const { skew, ...rest } = goodSnapshot();
      expect(skew).to.not.equal(undefined);
      const project = { ...rest, origin: { kind: 'source' as const, sourceDir: '/p' } };
      for (const deep of [false, true]) {
        expect(runAudit(project, { deep }).rulesSkipped.map((skipped) => skipped.reason)).to.deep.equal(['needs-org']);
      }
      expect(runAudit(goodSnapshot()).rulesSkipped.map((skipped) => skipped.reason)).to.deep.equal(['needs-deep']);
    });

    it('runs only the selected rules', () => {
      const result = runAudit(brokenSnapshot(), { rules: ['profile-not-found'] });
      expect(result.rulesRun.map((meta) => meta.id)).to.deep.equal(['profile-not-found']);
      expect(result.findings.map((finding) => finding.ruleId)).to.deep.equal(['profile-not-found']);
    });

    it('leaves out excluded rules', () => {
      const result = runAudit(brokenSnapshot(), {
        excludeRules: ['profile-not-found', 'edit-on-account-contact-user'],
      });
      expect(result.findings.map((finding) => finding.ruleId)).to.deep.equal(['object-field-unresolved']);
      expect(result.rulesRun.map((meta) => meta.id)).not.to.include('profile-not-found');
    });

    it('throws a typed error listing the valid ids for an unknown id', () => {
      let error: unknown;
      try {
        runAudit(goodSnapshot(), { rules: ['profile-not-found', 'no-such-rule'], excludeRules: ['nope'] });
      } catch (caught) {
        error = caught;
      }
      expect(error).to.be.instanceOf(UnknownRuleError);
      const typed = error as UnknownRuleError;
      expect(typed.name).to.equal('UnknownRuleError');
      expect(typed.unknownIds).to.deep.equal(['no-such-rule', 'nope']);
      expect(typed.validIds).to.deep.equal(RULES.map((rule) => rule.meta.id));
      expect(typed.message).to.include('no-such-rule').and.include('profile-not-found');
    });

    it('selects in registry order whatever the order asked', () => {
      expect(
        selectRules({ rules: ['sharing-set-no-mappings', 'profile-not-found'] }).map((rule) => rule.meta.id)
      ).to.deep.equal(['profile-not-found', 'sharing-set-no-mappings']);
    });
  });

  describe('findings', () => {
    it('take severity and confidence from the rule meta, and count them', () => {
      const result = runAudit(brokenSnapshot());
      const byRule = Object.fromEntries(result.findings.map((finding) => [finding.ruleId, finding]));
      expect(byRule['profile-not-found']).to.include({ severity: 'error', confidence: 'high' });
      expect(byRule['object-field-unresolved']).to.include({ severity: 'error', confidence: 'high' });
      expect(byRule['edit-on-account-contact-user']).to.include({ severity: 'warning', confidence: 'medium' });
      expect(result.summary).to.deep.equal({ error: 2, warning: 1, info: 0, total: 3 });
    });

    it("read as their rule's message templates filled with the finding's data", () => {
      // The rule tests check message ids and data; this checks once that the sentences come out as users know them.
      expect(runAudit(brokenSnapshot()).findings.map((finding) => finding.message)).to.deep.equal([
        'Sharing set "Customer_Access" names profile "Ghost Profile", which does not exist in the org.',
        'Sharing set "Customer_Access", mapping 6 (Case.Subject = user\'s Account, Read): invalid objectField. ' +
          'Case.Subject is a string field, not a lookup, so "Subject" cannot follow it.',
        'Sharing set "Customer_Access", mapping 7 (Account.Id = user\'s Account, Edit) grants Edit on Account: every ' +
          'matched site user can edit these records. Check that Read is not enough.',
      ]);
    });

    it('fail loudly when a rule reports a message it does not have', () => {
      const rule: Rule = {
        meta: { ...RULES[0].meta, id: 'test-rule', messages: { known: 'Known {{thing}}.' } },
        check: () => [{ messageId: 'unknown', data: {}, target: {} }],
      };
      expect(() => runAudit(goodSnapshot(), {}, [rule])).to.throw('Rule test-rule has no message "unknown".');
    });

    it('never raise severity or confidence above the meta', () => {
      const rule: Rule = {
        meta: { ...RULES[0].meta, id: 'test-rule', severity: 'warning', confidence: 'medium', messages: { m: 'm' } },
        check: () => [{ messageId: 'm', data: {}, target: {}, severity: 'error', confidence: 'high' }],
      };
      expect(runAudit(goodSnapshot(), {}, [rule]).findings[0]).to.include({
        severity: 'warning',
        confidence: 'medium',
      });
    });

    it('carry the file and the line of the mapping or profile', () => {
      const result = runAudit(brokenSnapshot());
      const profileFinding = result.findings.find((finding) => finding.ruleId === 'profile-not-found');
      const mappingFinding = result.findings.find((finding) => finding.ruleId === 'object-field-unresolved');
      expect(profileFinding?.location).to.deep.equal({
        file: 'sharingSets/Customer_Access.sharingSet-meta.xml',
        line: 2,
        lineOfTarget: 47,
      });
      expect(mappingFinding?.location).to.deep.equal({
        file: 'sharingSets/Customer_Access.sharingSet-meta.xml',
        line: 2,
        lineOfTarget: 33,
      });
    });

    it('have no location when the snapshot came from an org', () => {
      const snapshot = brokenSnapshot();
      delete snapshot.sharingSets[0].location;
      expect(runAudit(snapshot).findings.every((finding) => finding.location === undefined)).to.equal(true);
    });

    it('are sorted by set, mapping, profile, object and rule', () => {
      const snapshot = withExtraSet(sharingSet('A_First', [], []), brokenSnapshot());
      const order = runAudit(snapshot).findings.map((finding) => [
        finding.target.sharingSet,
        finding.target.mappingIndex,
        finding.ruleId,
      ]);
      expect(order).to.deep.equal([
        ['A_First', undefined, 'sharing-set-no-mappings'],
        ['A_First', undefined, 'sharing-set-no-profiles'],
        ['Customer_Access', undefined, 'profile-not-found'],
        ['Customer_Access', 5, 'object-field-unresolved'],
        ['Customer_Access', 6, 'edit-on-account-contact-user'],
      ]);
    });
  });

  describe('fingerprints', () => {
    const fingerprints = (snapshot: Snapshot): Record<string, string> =>
      Object.fromEntries(runAudit(snapshot).findings.map((finding) => [finding.ruleId, finding.fingerprint]));

    it('are sha256 hex digests', () => {
      for (const value of Object.values(fingerprints(brokenSnapshot()))) expect(value).to.match(/^[0-9a-f]{64}$/);
    });

    it('are stable when mappings, profiles and sets are reordered and the file reformatted', () => {
      const before = fingerprints(brokenSnapshot());
      const reordered = withSet(
        (set) => ({
          ...set,
          profiles: [...set.profiles].reverse().map((name) => (name === 'Ghost Profile' ? 'GHOST PROFILE' : name)),
          accessMappings: [...set.accessMappings].reverse(),
          location: { file: set.location?.file ?? '', line: 10, mappingLines: [100, 110, 120, 130, 140, 150, 160] },
        }),
        withExtraSet(
          sharingSet('Other', ['Customer Community User'], [mapping('Opportunity', 'Account', 'Account')]),
          brokenSnapshot()
        )
      );
      reordered.sharingSets.reverse();
      expect(fingerprints(reordered)).to.deep.equal(before);
    });

    it('differ across targets and rules', () => {
      const snapshot = withSet((set) => ({
        ...set,
        accessMappings: [
          ...set.accessMappings,
          mapping('Case', 'Subject', 'Account'),
          mapping('Case', 'Origin', 'Account'),
        ],
      }));
      snapshot.objects.Case.fields = [
        ...(snapshot.objects.Case.fields ?? []),
        { name: 'Origin', type: 'picklist', referenceTo: [] },
      ];
      const all = runAudit(snapshot).findings.map((finding) => finding.fingerprint);
      expect(all).to.have.length(2);
      expect(new Set(all).size).to.equal(2);
    });

    it('stay unique when the same mapping is written twice', () => {
      const snapshot = withSet((set) => ({
        ...set,
        accessMappings: [
          ...set.accessMappings,
          mapping('Case', 'Subject', 'Account'),
          mapping('Case', 'Subject', 'Account'),
        ],
      }));
      const all = runAudit(snapshot).findings.map((finding) => finding.fingerprint);
      expect(all).to.have.length(2);
      expect(new Set(all).size).to.equal(2);
    });

    it('do not depend on message text', () => {
      const make = (message: string): Rule => ({
        meta: { ...RULES[0].meta, id: 'test-rule', messages: { only: message } },
        check: () => [{ messageId: 'only', data: {}, target: { sharingSet: 'Customer_Access' } }],
      });
      const first = runAudit(goodSnapshot(), {}, [make('one wording')]).findings[0].fingerprint;
      const second = runAudit(goodSnapshot(), {}, [make('another wording')]).findings[0].fingerprint;
      expect(first).to.equal(second);
    });
  });
});

describe('rule registry', () => {
  it('has rules that are all silent on a correct configuration', () => {
    const result = runAudit(goodSnapshot(), { deep: true });
    expect(result.findings).to.deep.equal([]);
    expect(result.rulesRun).to.have.length(RULES.length);
  });

  it('has a test file per rule (test/unit/audit/rules/<id>.test.ts), each with a firing and a silent case', () => {
    const folder = new URL('rules/', import.meta.url);
    const files = readdirSync(folder).filter((file) => file.endsWith('.test.ts'));
    expect(files.map((file) => file.replace(/\.test\.ts$/, ''))).to.have.members(RULES.map((rule) => rule.meta.id));
    for (const file of files) {
      const text = readFileSync(new URL(file, folder), 'utf8');
      expect(text, file).to.contain(`const RULE = '${file.replace(/\.test\.ts$/, '')}';`);
      expect(text, `${file} has no firing case`).to.match(/\bit\(\s*[`'"]fires/);
      expect(text, `${file} has no silent case`).to.match(/\bit\(\s*[`'"]is silent/);
    }
  });

  it('gives every rule message templates', () => {
    for (const { meta } of RULES) expect(Object.keys(meta.messages), meta.id).to.not.deep.equal([]);
  });

  it('has unique kebab-case ids and complete meta', () => {
    const ids = RULES.map((rule) => rule.meta.id);
    expect(new Set(ids).size).to.equal(ids.length);
    for (const { meta } of RULES) {
      expect(meta.id).to.match(/^[a-z]+(-[a-z]+)*$/);
      expect(meta.title, meta.id).to.not.equal('');
      expect(meta.rationale, meta.id).to.not.equal('');
      expect(meta.remediation, meta.id).to.not.equal('');
      // A rule that can block rests on Salesforce's own pages; one resting on a secondary source says so in its
      // rationale and is below high confidence (docs/salesforce-facts.md), so it never blocks on its own.
      const official = /^https:\/\/(developer|help|releasenotes\.docs|trailhead)\.salesforce\.com\//;
      if (meta.confidence === 'high') expect(meta.sourceUrl, meta.id).to.match(official);
      else if (!official.test(meta.sourceUrl)) expect(meta.rationale, meta.id).to.match(/secondary source/i);
      expect(meta.sourceUrl, meta.id).to.match(/^https:\/\//);
    }
  });

  it('keeps rules resting on secondary sources below high confidence', () => {
    const byId = Object.fromEntries(RULES.map((rule) => [rule.meta.id, rule.meta]));
    for (const id of ['duplicate-profile-object', 'child-without-parent-account', 'object-not-supported']) {
      expect(byId[id].confidence, id).to.not.equal('high');
    }
  });
});

describe('renderRuleCatalogueMarkdown', () => {
  it('renders one table row per rule from meta', () => {
    const markdown = renderRuleCatalogueMarkdown(RULES);
    const lines = markdown.trimEnd().split('\n');
    expect(lines[0]).to.equal('| Rule | Title | Severity | Confidence | Deep | Why | Source |');
    expect(lines).to.have.length(RULES.length + 2);
    expect(lines.find((line) => line.startsWith('| `account-data-skew`'))).to.include('| warning | high, low | yes |');
  });

  it('shows every confidence a rule can carry, and labels its source by kind', () => {
    const lines = renderRuleCatalogueMarkdown(RULES).split('\n');
    const row = (id: string): string => lines.find((line) => line.startsWith(`| \`${id}\``)) ?? '';
    // The rule's ceiling is medium, but an unknown license is only ever classified with low confidence.
    expect(row('profile-license-unknown')).to.include('| warning | low |');
    expect(row('object-field-unresolved')).to.include('| error | high, medium, low |');
    expect(row('profile-not-found')).to.include('[Salesforce documentation](https://developer.salesforce.com/');
    expect(row('duplicate-profile-object')).to.include('[secondary source](https://support.metazoa.com/');
  });

  it('escapes pipes in text', () => {
    const rule: Rule = { meta: { ...RULES[0].meta, title: 'a | b' }, check: () => [] };
    expect(renderRuleCatalogueMarkdown([rule])).to.include('a \\| b');
  });
});
