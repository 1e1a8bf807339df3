import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { below, minimumOf, nodeRefusal, packageDir } from '../../../src/hooks/nodeVersion.js';
import { withTempDir } from '../../helpers/tmp.js';

/** A plugin folder whose @jsforce/jsforce-node resolves (hoisted, as in an installed plugin) an undici of `engines`. */
async function installedLayout(root: string, engines: string): Promise<string> {
  const plugin = join(root, 'node_modules', 'plugin-sharing');
  await mkdir(plugin, { recursive: true });
  await mkdir(join(root, 'node_modules', '@jsforce', 'jsforce-node'), { recursive: true });
  await writeFile(join(root, 'node_modules', '@jsforce', 'jsforce-node', 'package.json'), '{}');
  await mkdir(join(root, 'node_modules', 'undici'), { recursive: true });
  await writeFile(
    join(root, 'node_modules', 'undici', 'package.json'),
    JSON.stringify({ version: '8.14.0', engines: { node: engines } })
  );
  return plugin;
}

describe('hooks/nodeVersion: refuse a Node.js the installed undici cannot run on', () => {
  it('reads the ">=X.Y.Z" form undici states, and nothing else', () => {
    expect(minimumOf('>=22.19.0')).to.deep.equal([22, 19, 0]);
    expect(minimumOf('>= 20')).to.deep.equal([20, 0, 0]);
    expect(minimumOf('^20 || >=22')).to.equal(undefined);
    expect(minimumOf(undefined)).to.equal(undefined);
  });

  it('compares versions part by part', () => {
    expect(below([20, 20, 2], [22, 19, 0])).to.equal(true);
    expect(below([22, 18, 9], [22, 19, 0])).to.equal(true);
    expect(below([22, 19, 0], [22, 19, 0])).to.equal(false);
    expect(below([24, 0, 0], [22, 19, 0])).to.equal(false);
  });

  it('refuses in one line naming both versions, and accepts a new enough Node.js', () =>
    withTempDir(async (root) => {
      const plugin = await installedLayout(root, '>=22.19.0');
      expect(packageDir(plugin, 'undici')).to.equal(join(root, 'node_modules', 'undici'));
      const refusal = nodeRefusal(plugin, '20.20.2');
      expect(refusal).to.contain("can't run on Node.js 20.20.2");
      expect(refusal).to.contain('undici 8.14.0 needs Node.js 22.19.0 or later');
      expect(refusal?.split('\n')).to.have.length(1);
      expect(nodeRefusal(plugin, '22.19.0')).to.equal(undefined);
    }, 'plugin-sharing-hook-'));

  it('refuses nothing when undici cannot be found or states no minimum', () =>
    withTempDir(async (root) => {
      expect(nodeRefusal(root, '18.0.0')).to.equal(undefined);
      const plugin = await installedLayout(root, '*');
      expect(nodeRefusal(plugin, '18.0.0')).to.equal(undefined);
    }, 'plugin-sharing-hook-'));
});
