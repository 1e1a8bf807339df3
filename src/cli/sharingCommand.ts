/**
 * The base of every command: turns known org faults into one-line errors with actions, so no command repeats that
 * translation, and exposes the OrgClient for the command's target org.
 */
import type { Org } from '@salesforce/core';
import { SfCommand } from '@salesforce/sf-plugins-core';
import { createOrgClient, type OrgClient } from '../org/client.js';
import { explainOrgError, type OrgContext } from './orgErrors.js';

export abstract class SharingCommand<T> extends SfCommand<T> {
  private orgContext?: OrgContext;

  /** The counted client for an org; remembers the org so that a fault can name it. */
  protected clientFor(org: Org, apiVersion?: string): OrgClient {
    const connection = org.getConnection(apiVersion);
    this.orgContext = {
      org: org.getUsername() ?? 'the org',
      instanceUrl: connection.instanceUrl,
    };
    return createOrgClient(connection);
  }

  protected async catch(error: Error): Promise<never> {
    const explained = this.orgContext ? explainOrgError(error, this.orgContext) : undefined;
    return super.catch(explained ?? error);
  }
}
