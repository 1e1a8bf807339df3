/* eslint-disable no-await-in-loop -- calls in these tests run one after another on purpose (counts, order) */
/* eslint-disable @typescript-eslint/no-unsafe-return -- jsforce results are read as loosely typed records */
/* eslint-disable camelcase -- sharing-set API names and userinfo fields are not camelCase */
import type { Connection } from '@salesforce/core';
import { expect } from 'chai';
import { type Emulator, fetchLog, postFaults, startEmulator } from '../../emulator/server.js';
import { connectTo, isolateHome } from '../../helpers/connection.js';
import { rejection } from '../../helpers/promises.js';

const set = (fullName: string): any => ({
  fullName,
  accessMappings: [{ accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' }],
  name: fullName,
  profiles: ['Customer Community User'],
});

describe('org emulator faults, latency, log and control endpoint', () => {
  let org: Emulator;
  let conn: Connection;
  isolateHome();

  before(async () => {
    org = await startEmulator({ fixture: 'demo' });
    conn = await connectTo(org);
  });
  after(async () => {
    await org?.stop();
  });
  beforeEach(() => {
    org.setFaults([]);
    org.setLatency(0, []);
    org.expireToken(false);
    org.clearLog();
  });

  it('http500 on a SOAP call surfaces as sf:UNKNOWN_EXCEPTION; a REST GET is retried by jsforce and succeeds', async () => {
    org.setFaults([{ kind: 'soap', fault: 'http500', times: 1 }]);
    expect((await rejection(conn.metadata.list([{ type: 'SharingSet' }]))).errorCode).to.equal('sf:UNKNOWN_EXCEPTION');
    org.setFaults([{ kind: 'rest-query', fault: 'http500', nth: 1 }]);
    const r = await conn.query('SELECT Id FROM Profile');
    expect(r.totalSize).to.be.greaterThan(0);
    expect(org.log.filter((e) => e.kind === 'rest-query').map((e) => [e.status, e.fault])).to.deep.equal([
      [500, 'http500'],
      [200, undefined],
    ]);
  });

  it('http503 on SOAP', async () => {
    org.setFaults([{ soapOperation: 'readMetadata', fault: 'http503' }]);
    expect((await rejection(conn.metadata.read('SharingSet', ['Case_Sharing']))).errorCode).to.equal(
      'sf:SERVER_UNAVAILABLE'
    );
  });

  it('invalid-session: REST 401 INVALID_SESSION_ID and SOAP fault sf:INVALID_SESSION_ID', async () => {
    org.setFaults([{ kind: 'rest-query', fault: 'invalid-session' }]);
    const rest = await rejection(conn.query('SELECT Id FROM Profile'));
    expect(`${String(rest.errorCode)} ${String(rest.name)} ${String(rest.message)}`).to.match(
      /INVALID_SESSION_ID|expired|refresh/i
    );
    org.setFaults([{ kind: 'soap', fault: 'invalid-session' }]);
    const soap = await rejection(conn.metadata.list([{ type: 'SharingSet' }]));
    expect(`${String(soap.errorCode)} ${String(soap.name)} ${String(soap.message)}`).to.match(
      /INVALID_SESSION_ID|expired|refresh/i
    );
    const raw = org.log.find((e) => e.kind === 'soap');
    expect(raw?.status).to.equal(500);
  });

  it('an expired token fails every call until restored', async () => {
    org.expireToken();
    expect(
      (await fetch(`${org.url}/services/data/v62.0/limits`, { headers: { Authorization: `Bearer ${org.token}` } }))
        .status
    ).to.equal(401);
    await rejection(conn.metadata.list([{ type: 'SharingSet' }]));
    org.expireToken(false);
    expect(await conn.metadata.list([{ type: 'SharingSet' }])).to.have.length.greaterThan(0);
  });

  it('request-limit: REST 403 REQUEST_LIMIT_EXCEEDED, SOAP fault', async () => {
    org.setFaults([{ kind: 'describe', fault: 'request-limit' }]);
    const e = await rejection(conn.describe('Case'));
    expect(e.errorCode).to.equal('REQUEST_LIMIT_EXCEEDED');
    expect(org.log.at(-1)?.status).to.equal(403);
    org.setFaults([{ kind: 'soap', fault: 'request-limit' }]);
    expect((await rejection(conn.metadata.list([{ type: 'SharingSet' }]))).errorCode).to.equal(
      'sf:REQUEST_LIMIT_EXCEEDED'
    );
  });

  it('malformed: a 200 whose body is cut short', async () => {
    org.setFaults([{ path: '/limits', fault: 'malformed' }]);
    const res = await fetch(`${org.url}/services/data/v62.0/limits`, {
      headers: { Authorization: `Bearer ${org.token}` },
    });
    expect(res.status).to.equal(200);
    const text = await res.text();
    expect(() => JSON.parse(text)).to.throw();
    org.setFaults([{ soapOperation: 'listMetadata', fault: 'malformed' }]);
    await rejection(conn.metadata.list([{ type: 'SharingSet' }]));
  });

  it('drop: the socket is destroyed (SOAP POST is not retried)', async () => {
    org.setFaults([{ soapOperation: 'readMetadata', fault: 'drop' }]);
    await rejection(conn.metadata.read('SharingSet', ['Case_Sharing']));
    expect(org.log.at(-1)).to.deep.include({ status: 0, fault: 'drop' });
  });

  it('hang: no answer; stop() still ends promptly', async () => {
    const hung = await startEmulator({ fixture: 'demo', faults: [{ soapOperation: 'listMetadata', fault: 'hang' }] });
    const c = await connectTo(hung);
    const pending = c.metadata.list([{ type: 'SharingSet' }]).then(
      () => 'answered',
      () => 'failed'
    );
    const first = await Promise.race([pending, new Promise((r) => setTimeout(() => r('still waiting'), 300))]);
    expect(first).to.equal('still waiting');
    const t0 = Date.now();
    await hung.stop();
    expect(Date.now() - t0).to.be.below(1000);
    expect(await pending).to.equal('failed');
  });

  it('partial: one name in a multi-name write fails, the others are applied', async () => {
    org.setFaults([{ soapOperation: 'upsertMetadata', fault: 'partial', name: 'Emu_P2' }]);
    const r = await conn.metadata.upsert('SharingSet', [set('Emu_P1'), set('Emu_P2'), set('Emu_P3')]);
    expect(r.map((x) => [x.fullName, x.success])).to.deep.equal([
      ['Emu_P1', true],
      ['Emu_P2', false],
      ['Emu_P3', true],
    ]);
    expect(org.state.sharingSets.map((s) => s.fullName))
      .to.include.members(['Emu_P1', 'Emu_P3'])
      .and.not.include('Emu_P2');
    org.setFaults([]);
    await conn.metadata.delete('SharingSet', ['Emu_P1', 'Emu_P3']);
  });

  it('nth / skip / times select which matching requests fail', async () => {
    org.setFaults([{ soapOperation: 'readMetadata', fault: 'http500', skip: 1, times: 2 }]);
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(
        await conn.metadata.read('SharingSet', ['Case_Sharing']).then(
          () => 'ok',
          () => 'fail'
        )
      );
    }
    expect(outcomes).to.deep.equal(['ok', 'fail', 'fail', 'ok']);
  });

  it('latency: global and per kind/operation', async () => {
    org.setLatency(0, [{ soapOperation: 'listMetadata', ms: 150 }]);
    let t0 = Date.now();
    await conn.metadata.list([{ type: 'SharingSet' }]);
    expect(Date.now() - t0).to.be.at.least(140);
    t0 = Date.now();
    await conn.metadata.read('SharingSet', ['Case_Sharing']);
    expect(Date.now() - t0).to.be.below(140);
    org.setLatency(60);
    t0 = Date.now();
    await conn.query('SELECT Id FROM Profile');
    expect(Date.now() - t0).to.be.at.least(55);
    const e = org.log.at(-1);
    expect((e?.end ?? 0) - (e?.start ?? 0)).to.be.at.least(55);
  });

  it('logs every API request with kind, operation, soql, names and status; counts writes', async () => {
    await conn.query('SELECT Id FROM Profile');
    await conn.tooling.query("SELECT QualifiedApiName FROM EntityDefinition WHERE QualifiedApiName = 'Case'");
    await conn.describe('Case');
    await conn.metadata.read('SharingSet', ['Case_Sharing']);
    await conn.metadata.upsert('SharingSet', [set('Emu_Log')]);
    await conn.metadata.delete('SharingSet', ['Emu_Log']);
    expect(org.log.map((e) => e.kind)).to.deep.equal([
      'rest-query',
      'tooling-query',
      'describe',
      'soap',
      'soap',
      'soap',
    ]);
    expect(org.log[0].soql).to.equal('SELECT Id FROM Profile');
    expect(org.log[3]).to.deep.include({
      soapOperation: 'readMetadata',
      names: ['Case_Sharing'],
      status: 200,
      write: false,
    });
    expect(org.writeCalls().map((e) => [e.soapOperation, e.names])).to.deep.equal([
      ['upsertMetadata', ['Emu_Log']],
      ['deleteMetadata', ['Emu_Log']],
    ]);
    expect(org.readCalls()).to.have.length(4);
    for (const e of org.log) expect(e.end).to.be.at.least(e.start);
  });

  it('control endpoint: faults, log, reset-log, state, token', async () => {
    await postFaults(org.url, { faults: [{ kind: 'limits', fault: 'request-limit', nth: 1 }] });
    const first = await fetch(`${org.url}/services/data/v62.0/limits`, {
      headers: { Authorization: `Bearer ${org.token}` },
    });
    expect(first.status).to.equal(403);
    expect(await first.json()).to.deep.equal([
      { errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' },
    ]);
    const second = await fetch(`${org.url}/services/data/v62.0/limits`, {
      headers: { Authorization: `Bearer ${org.token}` },
    });
    expect(second.status).to.equal(200);
    const log = await fetchLog(org.url);
    expect(log.map((e) => e.status)).to.deep.equal([403, 200]);
    const state = (await (await fetch(`${org.url}/__emulator/state`)).json()) as any;
    expect(state.sharingSets.map((s: any) => s.fullName)).to.include('Case_Sharing');
    expect(state.faults.faults[0]).to.include({ fired: 1, seen: 2 });
    await fetch(`${org.url}/__emulator/reset-log`, { method: 'POST' });
    expect(await fetchLog(org.url)).to.deep.equal([]);
    await fetch(`${org.url}/__emulator/token`, { method: 'POST', body: JSON.stringify({ expired: true }) });
    expect(org.state.tokenExpired).to.equal(true);
  });
});
