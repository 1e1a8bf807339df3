/* eslint-disable no-await-in-loop -- calls in these tests run one after another on purpose (counts, order) */
/* eslint-disable @typescript-eslint/no-unsafe-return -- jsforce results are read as loosely typed records */
/* eslint-disable camelcase -- sharing-set API names and userinfo fields are not camelCase */
import { expect } from 'chai';
import { fetchLog, postFaults, startEmulator } from '../../emulator/server.js';
import { connectTo, useConnectedEmulator } from '../../helpers/connection.js';
import { rejection } from '../../helpers/promises.js';

const set = (fullName: string): any => ({
  fullName,
  accessMappings: [{ accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' }],
  name: fullName,
  profiles: ['Customer Community User'],
});

describe('org emulator faults, latency, log and control endpoint', () => {
  const env = useConnectedEmulator();
  it('http500 on a SOAP call surfaces as sf:UNKNOWN_EXCEPTION; a REST GET is retried by jsforce and succeeds', async () => {
    env.org.setFaults([{ kind: 'soap', fault: 'http500', times: 1 }]);
    expect((await rejection(env.conn.metadata.list([{ type: 'SharingSet' }]))).errorCode).to.equal(
      'sf:UNKNOWN_EXCEPTION'
    );
    env.org.setFaults([{ kind: 'rest-query', fault: 'http500', nth: 1 }]);
    const r = await env.conn.query('SELECT Id FROM Profile');
    expect(r.totalSize).to.be.greaterThan(0);
    expect(env.org.log.filter((e) => e.kind === 'rest-query').map((e) => [e.status, e.fault])).to.deep.equal([
      [500, 'http500'],
      [200, undefined],
    ]);
  });

  it('http503 on SOAP', async () => {
    env.org.setFaults([{ soapOperation: 'readMetadata', fault: 'http503' }]);
    expect((await rejection(env.conn.metadata.read('SharingSet', ['Case_Sharing']))).errorCode).to.equal(
      'sf:SERVER_UNAVAILABLE'
    );
  });

  it('invalid-session: REST 401 INVALID_SESSION_ID and SOAP fault sf:INVALID_SESSION_ID', async () => {
    env.org.setFaults([{ kind: 'rest-query', fault: 'invalid-session' }]);
    const rest = await rejection(env.conn.query('SELECT Id FROM Profile'));
    expect(`${String(rest.errorCode)} ${String(rest.name)} ${String(rest.message)}`).to.match(
      /INVALID_SESSION_ID|expired|refresh/i
    );
    env.org.setFaults([{ kind: 'soap', fault: 'invalid-session' }]);
    const soap = await rejection(env.conn.metadata.list([{ type: 'SharingSet' }]));
    expect(`${String(soap.errorCode)} ${String(soap.name)} ${String(soap.message)}`).to.match(
      /INVALID_SESSION_ID|expired|refresh/i
    );
    const raw = env.org.log.find((e) => e.kind === 'soap');
    expect(raw?.status).to.equal(500);
  });

  it('an expired token fails every call until restored', async () => {
    env.org.expireToken();
    expect(
      (
        await fetch(`${env.org.url}/services/data/v62.0/limits`, {
          headers: { Authorization: `Bearer ${env.org.token}` },
        })
      ).status
    ).to.equal(401);
    await rejection(env.conn.metadata.list([{ type: 'SharingSet' }]));
    env.org.expireToken(false);
    expect(await env.conn.metadata.list([{ type: 'SharingSet' }])).to.have.length.greaterThan(0);
  });

  it('request-limit: REST 403 REQUEST_LIMIT_EXCEEDED, SOAP fault', async () => {
    env.org.setFaults([{ kind: 'describe', fault: 'request-limit' }]);
    const e = await rejection(env.conn.describe('Case'));
    expect(e.errorCode).to.equal('REQUEST_LIMIT_EXCEEDED');
    expect(env.org.log.at(-1)?.status).to.equal(403);
    env.org.setFaults([{ kind: 'soap', fault: 'request-limit' }]);
    expect((await rejection(env.conn.metadata.list([{ type: 'SharingSet' }]))).errorCode).to.equal(
      'sf:REQUEST_LIMIT_EXCEEDED'
    );
  });

  it('malformed: a 200 whose body is cut short', async () => {
    env.org.setFaults([{ path: '/limits', fault: 'malformed' }]);
    const res = await fetch(`${env.org.url}/services/data/v62.0/limits`, {
      headers: { Authorization: `Bearer ${env.org.token}` },
    });
    expect(res.status).to.equal(200);
    const text = await res.text();
    expect(() => JSON.parse(text)).to.throw();
    env.org.setFaults([{ soapOperation: 'listMetadata', fault: 'malformed' }]);
    await rejection(env.conn.metadata.list([{ type: 'SharingSet' }]));
  });

  it('drop: the socket is destroyed (SOAP POST is not retried)', async () => {
    env.org.setFaults([{ soapOperation: 'readMetadata', fault: 'drop' }]);
    await rejection(env.conn.metadata.read('SharingSet', ['Case_Sharing']));
    expect(env.org.log.at(-1)).to.deep.include({ status: 0, fault: 'drop' });
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
    env.org.setFaults([{ soapOperation: 'upsertMetadata', fault: 'partial', name: 'Emu_P2' }]);
    const r = await env.conn.metadata.upsert('SharingSet', [set('Emu_P1'), set('Emu_P2'), set('Emu_P3')]);
    expect(r.map((x) => [x.fullName, x.success])).to.deep.equal([
      ['Emu_P1', true],
      ['Emu_P2', false],
      ['Emu_P3', true],
    ]);
    expect(env.org.state.sharingSets.map((s) => s.fullName))
      .to.include.members(['Emu_P1', 'Emu_P3'])
      .and.not.include('Emu_P2');
    env.org.setFaults([]);
    await env.conn.metadata.delete('SharingSet', ['Emu_P1', 'Emu_P3']);
  });

  it('nth / skip / times select which matching requests fail', async () => {
    env.org.setFaults([{ soapOperation: 'readMetadata', fault: 'http500', skip: 1, times: 2 }]);
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(
        await env.conn.metadata.read('SharingSet', ['Case_Sharing']).then(
          () => 'ok',
          () => 'fail'
        )
      );
    }
    expect(outcomes).to.deep.equal(['ok', 'fail', 'fail', 'ok']);
  });

  it('latency: global and per kind/operation', async () => {
    env.org.setLatency(0, [{ soapOperation: 'listMetadata', ms: 150 }]);
    let t0 = Date.now();
    await env.conn.metadata.list([{ type: 'SharingSet' }]);
    expect(Date.now() - t0).to.be.at.least(140);
    t0 = Date.now();
    await env.conn.metadata.read('SharingSet', ['Case_Sharing']);
    expect(Date.now() - t0).to.be.below(140);
    env.org.setLatency(60);
    t0 = Date.now();
    await env.conn.query('SELECT Id FROM Profile');
    expect(Date.now() - t0).to.be.at.least(55);
    const e = env.org.log.at(-1);
    expect((e?.end ?? 0) - (e?.start ?? 0)).to.be.at.least(55);
  });

  it('logs every API request with kind, operation, soql, names and status; counts writes', async () => {
    await env.conn.query('SELECT Id FROM Profile');
    await env.conn.tooling.query("SELECT QualifiedApiName FROM EntityDefinition WHERE QualifiedApiName = 'Case'");
    await env.conn.describe('Case');
    await env.conn.metadata.read('SharingSet', ['Case_Sharing']);
    await env.conn.metadata.upsert('SharingSet', [set('Emu_Log')]);
    await env.conn.metadata.delete('SharingSet', ['Emu_Log']);
    expect(env.org.log.map((e) => e.kind)).to.deep.equal([
      'rest-query',
      'tooling-query',
      'describe',
      'soap',
      'soap',
      'soap',
    ]);
    expect(env.org.log[0].soql).to.equal('SELECT Id FROM Profile');
    expect(env.org.log[3]).to.deep.include({
      soapOperation: 'readMetadata',
      names: ['Case_Sharing'],
      status: 200,
      write: false,
    });
    expect(env.org.writeCalls().map((e) => [e.soapOperation, e.names])).to.deep.equal([
      ['upsertMetadata', ['Emu_Log']],
      ['deleteMetadata', ['Emu_Log']],
    ]);
    expect(env.org.readCalls()).to.have.length(4);
    for (const e of env.org.log) expect(e.end).to.be.at.least(e.start);
  });

  it('control endpoint: faults, log, reset-log, state, token', async () => {
    await postFaults(env.org.url, { faults: [{ kind: 'limits', fault: 'request-limit', nth: 1 }] });
    const first = await fetch(`${env.org.url}/services/data/v62.0/limits`, {
      headers: { Authorization: `Bearer ${env.org.token}` },
    });
    expect(first.status).to.equal(403);
    expect(await first.json()).to.deep.equal([
      { errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' },
    ]);
    const second = await fetch(`${env.org.url}/services/data/v62.0/limits`, {
      headers: { Authorization: `Bearer ${env.org.token}` },
    });
    expect(second.status).to.equal(200);
    const log = await fetchLog(env.org.url);
    expect(log.map((e) => e.status)).to.deep.equal([403, 200]);
    const state = (await (await fetch(`${env.org.url}/__emulator/state`)).json()) as any;
    expect(state.sharingSets.map((s: any) => s.fullName)).to.include('Case_Sharing');
    expect(state.faults.faults[0]).to.include({ fired: 1, seen: 2 });
    await fetch(`${env.org.url}/__emulator/reset-log`, { method: 'POST' });
    expect(await fetchLog(env.org.url)).to.deep.equal([]);
    await fetch(`${env.org.url}/__emulator/token`, { method: 'POST', body: JSON.stringify({ expired: true }) });
    expect(env.org.state.tokenExpired).to.equal(true);
  });
});
