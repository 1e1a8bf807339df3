/**
 * What `sf sharing exposure` counts: per access mapping, the site users it applies to, the records it reaches and the
 * user-record pairs so matched (docs/salesforce-facts.md §1–§3, §11). Plain data, serialised to --json as it is.
 */
import type { AccessLevel } from '../model/types.js';

/** One key value (an Account or Contact Id) a mapping matches on, with how many users bring it and records hold it. */
export type KeyExposure = { id: string; name?: string; users: number; records: number };

/** Why a mapping's numbers are missing: a query the org refused or could not finish, or a form the plugin cannot read. */
export type NotCounted = { code: string; reason: string };

export type MappingExposure = {
  sharingSet: string;
  /** The set's label (`<name>`); org text. */
  label: string;
  mappingIndex: number;
  object: string;
  accessLevel: AccessLevel;
  objectField: string;
  userField: string;
  /** Profiles of the set whose users are counted (eligible, present in the org). */
  profiles: string[];
  /** Active users of those profiles whose userField value is not empty. */
  users: number;
  /** Records of the object whose objectField value equals the userField value of at least one such user. */
  records: number;
  /** User-record pairs so matched. */
  grants: number;
  /** Distinct key values the users bring. */
  keys: number;
  /** The keys reaching the most records, most first. */
  topKeys: KeyExposure[];
  /** Set when the numbers above are incomplete (0 when nothing could be counted). */
  notCounted?: NotCounted;
  /**
   * What counting it took: the queries its numbers rest on (a user side shared by mappings of the same profiles and
   * userField counts for each of them) and how many of those waited for another (dependent round trips, after the
   * sharing sets were read).
   */
  cost: { queries: number; roundTrips: number };
};

/** A profile a set names, and whether its users are counted. */
export type ProfileExposure = {
  name: string;
  /** eligible | ineligible | unknown (license not recognised) | absent (no such profile in the org) */
  status: 'eligible' | 'ineligible' | 'unknown' | 'absent';
  activeUsers: number;
  sharingSets: string[];
  /** Objects the profile's users reach through those sets. */
  objects: string[];
};

/**
 * Sums over mappings. `users`: active users of the eligible profiles concerned (each user once); `records` and `grants`
 * add the mappings' figures, so a record two mappings reach counts twice (mapping reaches, not distinct records).
 */
export type Totals = { mappings: number; users: number; records: number; grants: number; editGrants: number };

export type ExposureTotals = {
  org: Totals;
  bySet: Array<Totals & { sharingSet: string }>;
  byObject: Array<Totals & { object: string }>;
  byProfile: ProfileExposure[];
};
