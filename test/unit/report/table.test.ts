import { expect } from 'chai';
import { diffSharingSets } from '../../../src/diff/diff.js';
import type { ProfileReport } from '../../../src/eligibility/profileReport.js';
import type { SharingSet } from '../../../src/model/types.js';
import { renderDiffText } from '../../../src/report/diffRender.js';
import { colourSeverities, renderAuditHuman } from '../../../src/report/human.js';
import { PROFILE_COLUMNS, PROFILE_WRAP, profileTableRows, whyNotLines } from '../../../src/report/profileTable.js';
import { SET_LIST_COLUMNS, SET_LIST_WRAP, setListRows } from '../../../src/report/setListRows.js';
import {
  displayWidth,
  renderTable,
  tableColumns,
  terminalWidth,
  wrapLines,
  wrapText,
} from '../../../src/report/table.js';
import { report } from './fixtures.js';

const WIDTHS = [80, 100, 120];

/** Sets with API names as long as real ones get (a sharing set's name takes up to 80 characters). */
const sets: SharingSet[] = [
  {
    fullName: 'Customer_Portal_Installed_Solar_Panels_And_Service_Contracts',
    label: 'Installed solar panels and the service contracts that cover them, for portal users',
    profiles: ['Customer Community Plus Login User', 'Solar Installer Community Partner Profile', 'Standard User'],
    accessMappings: [
      {
        object: 'Installed_Solar_Panel_Component__c',
        objectField: 'Service_Contract__r.Account_Of_Record__c',
        userField: 'Contact.Account',
        accessLevel: 'Read',
      },
      { object: 'ServiceContract', objectField: 'AccountId', userField: 'Account', accessLevel: 'Edit' },
    ],
  },
  { fullName: 'Case_Sharing', label: 'Cases', profiles: ['Customer Community User'], accessMappings: [] },
];
const API_NAMES = [
  'Customer_Portal_Installed_Solar_Panels_And_Service_Contracts',
  'Installed_Solar_Panel_Component__c',
  'Service_Contract__r.Account_Of_Record__c',
  'Contact.Account',
  'ServiceContract',
  'Case_Sharing',
];

const heading = (key: string): string => key.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());

const profileReport: ProfileReport = {
  profiles: [
    {
      name: 'Solar Installer Community Partner Profile',
      licenseName: 'Customer Community Plus Login',
      eligibility: 'eligible',
      reason: 'ok',
      confidence: 'high',
      activeUsers: 1200,
      sharingSets: ['Customer_Portal_Installed_Solar_Panels_And_Service_Contracts', 'Case_Sharing'],
      internal: false,
    },
    {
      name: 'Standard User',
      licenseName: 'Salesforce',
      eligibility: 'ineligible',
      reason:
        'Profile "Standard User" uses the "Salesforce" license (SFDC) with user type Standard, which is for internal users; sharing sets only give access to external site and portal users.',
      confidence: 'high',
      activeUsers: 3,
      sharingSets: ['Customer_Portal_Installed_Solar_Panels_And_Service_Contracts'],
      internal: true,
    },
  ],
  missingProfiles: [],
  hiddenInternal: 0,
};

/** Every line at most `width` columns, and every API name whole on one line. */
function expectFits(text: string, width: number, names: readonly string[]): void {
  const lines = text.split('\n');
  for (const line of lines) expect(displayWidth(line), `${width}: "${line}"`).to.be.at.most(width);
  for (const name of names) {
    expect(
      lines.some((line) => line.split(/[\s,;:()]+/).includes(name)),
      `${width}: ${name} whole`
    ).to.equal(true);
  }
}

describe('tables and texts at 80, 100 and 120 columns', () => {
  for (const width of WIDTHS) {
    it(`set list at ${width} columns keeps every line within the width and every API name whole`, () => {
      const text = renderTable({
        rows: setListRows(sets),
        columns: tableColumns(SET_LIST_COLUMNS, heading, SET_LIST_WRAP),
        width,
      });
      expectFits(text, width, API_NAMES);
      // One profile per line, never two on a line and never cut.
      for (const profile of sets[0].profiles) {
        expect(text.split('\n').some((line) => line.includes(profile))).to.equal(true);
      }
      expect(text).to.not.match(/User, /);
    });

    it(`profile list at ${width} columns, and its "why not" reasons wrapped under their text`, () => {
      const text = renderTable({
        rows: profileTableRows(profileReport, 'not in org'),
        columns: tableColumns(PROFILE_COLUMNS, heading, PROFILE_WRAP),
        width,
      });
      expectFits(text, width, ['Customer_Portal_Installed_Solar_Panels_And_Service_Contracts', 'Case_Sharing']);
      const why = wrapLines(whyNotLines(profileReport), width);
      expectFits(why.join('\n'), width, ['SFDC']);
      expect(why[0]).to.match(/^ {2}- Profile/);
      for (const line of why.slice(1)) expect(line).to.match(/^ {4}\S/);
    });

    it(`audit findings at ${width} columns wrap with their indentation kept`, () => {
      const text = renderAuditHuman(report, { width });
      expectFits(text, width, []);
      const lines = text.split('\n');
      const head = lines.findIndex((line) => /^ {2}(ERROR|WARNING|INFO)/.test(line));
      expect(head).to.be.greaterThan(-1);
      // Every line under a sharing-set heading is indented: nothing wraps back to the margin.
      const groups = lines
        .slice(head)
        .filter((line) => line !== '' && !/^(Sharing set|Org|Suppressed|Not )/.test(line));
      for (const line of groups) expect(line, line).to.match(/^ {2}/);
    });

    it(`diff text at ${width} columns keeps every line within the width and every API name whole`, () => {
      const other: SharingSet[] = [{ ...sets[0], label: 'Old', profiles: ['Standard User'], accessMappings: [] }];
      const text = renderDiffText(diffSharingSets(other, sets), { width });
      expectFits(text, width, API_NAMES);
    });
  }

  it('lays the columns out at their natural width when there is no terminal (a pipe)', () => {
    const text = renderTable({
      rows: setListRows(sets),
      columns: tableColumns(SET_LIST_COLUMNS, heading, SET_LIST_WRAP),
    });
    expect(text.split('\n')[2]).to.contain(sets[0].label);
    expect(Math.max(...text.split('\n').map(displayWidth))).to.be.greaterThan(120);
  });

  it('stacks the rows as "Heading: value" blocks when the columns cannot fit', () => {
    const text = renderTable({ rows: setListRows(sets), columns: tableColumns(SET_LIST_COLUMNS, heading), width: 80 });
    expect(text).to.match(/^Set: +Customer_Portal_Installed_Solar_Panels_And_Service_Contracts$/m);
    expect(text).to.match(/^ {2}Object: +ServiceContract$/m);
  });

  it('colours a cell without moving the columns', () => {
    const plain = renderTable({
      rows: setListRows(sets),
      columns: tableColumns(SET_LIST_COLUMNS, heading),
      width: 300,
    });
    const coloured = renderTable({
      rows: setListRows(sets),
      columns: tableColumns(SET_LIST_COLUMNS, heading),
      width: 300,
      colour: (key, text) => (key === 'access' ? `<${text}>` : text),
    });
    expect(coloured).to.contain('<Edit>');
    expect(coloured.replace(/<(\w+)>/g, '$1')).to.equal(plain);
  });

  it('colours the severities of an audit report only at the start of a finding', () => {
    const text = colourSeverities(renderAuditHuman(report), (severity) => `[${severity}]`);
    expect(text).to.match(/^ {2}\[(ERROR|WARNING|INFO)\]/m);
    expect(text.split('\n')[0]).to.not.contain('[');
  });

  it('never cuts a word longer than the width', () => {
    expect(wrapText('a Very_Long_Api_Name__c b', 10)).to.deep.equal(['a', 'Very_Long_Api_Name__c', 'b']);
  });

  it('never lets a wrapped piece start a CI workflow command', () => {
    const lines = wrapLines(['  - a label with ::error title=x::owned inside'], 20);
    for (const line of lines) expect(line.trimStart()).to.not.match(/^::/);
    expect(lines.join(' ')).to.contain('\\x3a:error');
  });

  it('counts wide characters as two columns', () => {
    expect(displayWidth('共有セット')).to.equal(10);
    expect(displayWidth('Cafe\u0301')).to.equal(4);
  });

  it('takes the width of a terminal only', () => {
    expect(terminalWidth({ isTTY: true, columns: 100 })).to.equal(100);
    expect(terminalWidth({ isTTY: false, columns: 100 })).to.equal(undefined);
    expect(terminalWidth({}, '90')).to.equal(90);
  });
});
