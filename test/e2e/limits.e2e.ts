import { expect } from 'chai';
import { cloneFixture, loadFixture } from '../emulator/index.js';
import { createOrgEnv } from '../helpers/e2e.js';

describe('e2e: daily API request awareness', () => {
  it('the audit reads /limits once, in its first round, and warns when the org is running dry', async () => {
    const fixture = cloneFixture(loadFixture('demo'));
    fixture.limits = { dailyApiMax: 15_000, dailyApiRemaining: 120 };
    const env = await createOrgEnv({ fixture });
    try {
      const { code, json } = await env.run(['sharing', 'audit', '-o', env.alias, '--json']);
      expect(code).to.equal(3);
      const limits = env.emulator.log.filter((entry) => entry.kind === 'limits');
      expect(limits).to.have.length(1);
      expect(json.result.dailyApiRequests.max).to.equal(15_000);
      expect(json.warnings.join('\n')).to.match(/Only \d+ of the org's 15000 daily API requests remain/);
      expect(json.result.apiCalls.limits).to.equal(1);
      // In the first round: it starts before the first readMetadata ends.
      const firstRead = env.emulator.log.find((entry) => entry.soapOperation === 'readMetadata');
      expect(limits[0].start).to.be.at.most(firstRead?.end ?? Infinity);
    } finally {
      await env.cleanup();
    }
  });

  it('says nothing when plenty of requests remain', async () => {
    const env = await createOrgEnv({ fixture: 'demo' });
    try {
      const { json } = await env.run(['sharing', 'audit', '-o', env.alias, '--json']);
      expect(json.warnings.join('\n')).to.not.match(/daily API requests/);
    } finally {
      await env.cleanup();
    }
  });
});
