/* eslint-disable camelcase -- custom object API names are not camelCase */
import { expect } from 'chai';
import { overlayProject } from '../../../src/model/overlay.js';
import type { Snapshot } from '../../../src/model/types.js';

const org: Snapshot = {
  origin: { kind: 'source+org', org: 'prod' },
  sharingSets: [],
  profiles: [{ name: 'Customer Community User', userType: 'CspLitePortal', licenseName: 'Customer Community' }],
  objects: {
    Case: {
      name: 'Case',
      internalSharingModel: 'Private',
      externalSharingModel: 'Private',
      fields: [{ name: 'AccountId', type: 'reference', referenceTo: ['Account'], relationshipName: 'Account' }],
    },
    Solar__c: { name: 'Solar__c', externalSharingModel: 'Private' },
  },
  coverage: { profiles: 'complete', objects: 'complete', activeUsers: true },
};

const project: Snapshot = {
  origin: { kind: 'source', sourceDir: '/p' },
  sharingSets: [],
  profiles: [
    { name: 'customer community user', licenseName: 'Something else' },
    { name: 'Installer', userType: 'PowerPartner', licenseName: 'Partner Community' },
  ],
  objects: {
    Case: {
      name: 'Case',
      fieldsPartial: true,
      fields: [
        { name: 'AccountId', type: 'reference', referenceTo: ['Account'], relationshipName: 'Account' },
        { name: 'Site__c', type: 'reference', referenceTo: ['Account'], relationshipName: 'Site__r' },
      ],
    },
    Installation__c: {
      name: 'Installation__c',
      externalSharingModel: 'ReadWrite',
      fields: [{ name: 'Contact__c', type: 'reference', referenceTo: ['Contact'], relationshipName: 'Contact__r' }],
    },
    Opportunity: { name: 'Opportunity', fieldsPartial: true, fields: [] },
    solar__c: { name: 'Solar__c', externalSharingModel: 'Read' },
  },
  coverage: { profiles: 'partial', objects: 'partial', activeUsers: false },
};

describe('overlayProject (a project checked against an org)', () => {
  const result = overlayProject(org, project);

  it('adds the custom objects the project deploys, with their fields and defaults', () => {
    expect(result.objects.Installation__c).to.deep.equal(project.objects.Installation__c);
  });

  it("keeps the org's fields and adds only the project's new ones, and takes the defaults the project sets", () => {
    expect(result.objects.Case.fields?.map((field) => field.name)).to.deep.equal(['AccountId', 'Site__c']);
    expect(result.objects.Case.fieldsPartial, "the org's describe is complete").to.equal(undefined);
    expect(result.objects.Case.externalSharingModel, 'the project sets none').to.equal('Private');
    expect(result.objects.Solar__c.externalSharingModel, 'matched case-insensitively').to.equal('Read');
  });

  it("adds no standard object from the project's table that the org did not describe", () => {
    expect(result.objects).to.not.have.property('Opportunity');
  });

  it("keeps the org's profiles (licenses, users) and adds the project's new ones", () => {
    expect(result.profiles.map((profile) => profile.name)).to.deep.equal(['Customer Community User', 'Installer']);
    expect(result.profiles[0].licenseName).to.equal('Customer Community');
  });

  it("keeps the org's origin, coverage and everything else", () => {
    expect(result.origin).to.deep.equal(org.origin);
    expect(result.coverage).to.deep.equal(org.coverage);
  });
});
