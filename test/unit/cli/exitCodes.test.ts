import { expect } from 'chai';
import { SfError } from '@salesforce/core';
import { EXIT, asUsageError } from '../../../src/cli/exitCodes.js';

/** The message oclif's parser gives an error a flag's parse function throws (@oclif/core 4, parser/parse.js). */
function parsed(flag: string, message: string): string {
  return `Parsing --${flag} \n\t${message}\nSee more help with --help`;
}

describe('asUsageError', () => {
  it('gives exit 2 to a flag value rejected by its own parse function, keeping class and message', () => {
    const error = new SfError(parsed('source-dir', 'No directory found at /nope'), 'Error', [], 1);
    const marked = asUsageError(error);
    expect(marked).to.equal(error);
    expect(marked.exitCode).to.equal(EXIT.usage);
    expect(marked.name).to.equal('Error');
    expect(marked.message).to.contain('No directory found at /nope');
    // oclif's own exit field, which sf-plugins-core reads first, follows when present.
    const oclifError = Object.assign(new Error(parsed('api-version', '12 is not a valid API version')), {
      oclif: { exit: 1 },
    });
    expect(asUsageError(oclifError).oclif.exit).to.equal(EXIT.usage);
  });

  it('leaves org resolution (exit 1, as the sf CLI) and every other error alone', () => {
    for (const flag of ['target-org', 'compare-org']) {
      const error = new SfError(parsed(flag, 'No authorization information found for x.'), 'NamedOrgNotFoundError');
      expect(asUsageError(error).exitCode, flag).to.equal(1);
    }
    const orgFailure = new SfError('The session has expired', 'SessionExpiredError', [], 1);
    expect(asUsageError(orgFailure).exitCode).to.equal(1);
    const plain = new Error('Parsing is not the start of this message: --source-dir');
    expect(asUsageError(plain)).to.not.have.property('exitCode');
  });
});
