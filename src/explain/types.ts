/**
 * What `sf sharing explain` decides from: plain data the org loader (src/org/explain.ts) reads and the matcher
 * (match.ts) judges. Ids are 18-character; a value that is not known is undefined, never guessed.
 */
import type { ProfileInfo } from '../model/types.js';

/** A record a value points at: its Id and, when read, its name. */
export type Ref = { id: string; name?: string };

/** One of the contact's account relationships (AccountContactRelation, docs/salesforce-facts.md §6). */
export type AccountRelation = Ref & { isActive: boolean; isDirect: boolean };

export type ExplainUser = {
  id: string;
  username: string;
  name?: string;
  isActive: boolean;
  profile: ProfileInfo;
  account?: Ref;
  contact?: Ref;
  manager?: { id: string; account?: Ref; contact?: Ref };
  /** The contact's account relationships; undefined when not read (no contact, or the org lacks the object). */
  relations?: AccountRelation[];
  /** Values of `Account.<Field>` / `Contact.<Field>` userFields, keyed by nameKey(userField); null = empty. */
  pathValues?: Record<string, Ref | null>;
};

/** The user's object permission, from the profile's own permission set and the assigned ones. */
export type ObjectPermission = {
  read: boolean;
  edit: boolean;
  /** Permission sets granting Read (the profile's own is named "profile <Name>"). */
  readFrom: string[];
  editFrom: string[];
};

export type ObjectFacts = {
  name: string;
  /** EntityDefinition.ExternalSharingModel (Private, Read, ReadWrite, ControlledByParent, …). */
  externalSharingModel?: string;
  /** Undefined when the permissions could not be read. */
  permission?: ObjectPermission;
};

export type RecordFacts = {
  id: string;
  object: string;
  name?: string;
  /** Values of each objectField on this record, keyed by nameKey(objectField); null = the lookup is empty. */
  values: Record<string, Ref | null>;
  /** Why the record's paths could not be read (the object's query failed), when so. */
  unreadable?: string;
};

/** UserRecordAccess for one record (docs/salesforce-facts.md §6). */
export type SalesforceAccess = {
  maxAccessLevel: string;
  hasReadAccess: boolean;
  hasEditAccess: boolean;
};

export type Access = 'None' | 'Read' | 'Edit';
