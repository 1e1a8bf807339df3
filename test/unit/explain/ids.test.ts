import { expect } from 'chai';
import { idProblem, idSuffix, sameId, toId18 } from '../../../src/explain/ids.js';
import { nameFieldOf, objectFieldColumns, userFieldColumns } from '../../../src/explain/paths.js';

describe('explain ids', () => {
  it('computes the 18-character suffix Salesforce uses', () => {
    // A documented pair: 001A0000006Vm9r ↔ 001A0000006Vm9rIAC.
    expect(idSuffix('001A0000006Vm9r')).to.equal('IAC');
    expect(toId18('001A0000006Vm9r')).to.equal('001A0000006Vm9rIAC');
  });

  it('names what is wrong: length, characters, checksum', () => {
    expect(idProblem('001A0000006Vm9r')).to.equal(undefined);
    expect(idProblem('001A0000006Vm9rIAC')).to.equal(undefined);
    expect(idProblem('001A0000006Vm9riac')).to.equal(undefined);
    expect(idProblem('001A0000006Vm9')).to.equal('length');
    expect(idProblem("001A0000006Vm9r'")).to.equal('length');
    expect(idProblem('001A0000006Vm9-')).to.equal('characters');
    expect(idProblem('001A0000006Vm9rAAA')).to.equal('checksum');
  });

  it('compares 15 and 18 characters alike', () => {
    expect(sameId('001A0000006Vm9r', '001A0000006Vm9rIAC')).to.equal(true);
    expect(sameId('001A0000006Vm9r', '001a0000006Vm9rIAC')).to.equal(false);
  });
});

describe('explain paths as SOQL', () => {
  it('reads every objectField form through relationships', () => {
    expect(objectFieldColumns('Id')).to.deep.equal({ id: 'Id' });
    expect(objectFieldColumns('Account')).to.deep.equal({ id: 'Account.Id', name: 'Account.Name' });
    expect(objectFieldColumns('AccountId')?.id).to.equal('Account.Id');
    expect(objectFieldColumns('Entitlement.Account')?.id).to.equal('Entitlement.Account.Id');
    expect(objectFieldColumns('Installer__c')?.id).to.equal('Installer__r.Id');
    expect(objectFieldColumns('Deal__r.Account')?.id).to.equal('Deal__r.Account.Id');
    expect(objectFieldColumns("Account' OR Id != '")).to.equal(undefined);
  });

  it('reads Account.<Field> and Contact.<Field> on User', () => {
    expect(userFieldColumns('Account.ParentId')?.id).to.equal('Account.Parent.Id');
    expect(userFieldColumns('Contact.Partner_Account__c')?.id).to.equal('Contact.Partner_Account__r.Id');
  });

  it('names records by the right field', () => {
    expect(nameFieldOf('Case')).to.equal('CaseNumber');
    expect(nameFieldOf('Panel__c')).to.equal('Name');
  });
});
