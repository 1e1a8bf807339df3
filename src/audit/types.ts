/**
 * The audit rule contract, shaped like ESLint's rule modules: static metadata plus a pure check over a snapshot.
 * Adding a rule means one module exporting a `Rule` and one line in the registry.
 */
import type { Snapshot, SourceLocation } from '../model/types.js';
import type { Advice } from '../analysis/paths.js';

import type { Confidence, Severity } from '../model/confidence.js';

export type { Confidence, Severity } from '../model/confidence.js';

export type RuleMeta = {
  /** Stable id, kebab-case, never reused: baselines and SARIF refer to it. */
  id: string;
  title: string;
  severity: Severity;
  /** The most a finding of the rule can be sure of (a finding may be less sure, never more). */
  confidence: Confidence;
  /**
   * Every confidence the rule's findings can carry, surest first, when it is not only `confidence` (the README's rule
   * table shows these; the rule tests check that they are exactly what the rule's findings carry).
   */
  confidences?: Confidence[];
  /** Why this matters, one or two sentences. */
  rationale: string;
  /** What to do about it. */
  remediation: string;
  /** Where the Salesforce behaviour is documented. */
  sourceUrl: string;
  /** Whether the rule needs data only a deep read gathers (e.g. record counts for skew). */
  deep?: boolean;
};

/**
 * A rule's messages by id, as ESLint rules have them: templates whose `{{name}}` placeholders the engine fills from a
 * finding's `data`. Part of the rule's own meta, not of the RuleMeta reports and `--json` describe rules with.
 */
export type RuleMessages = Record<string, string>;

/** The values a message template's placeholders are filled with. */
export type MessageData = Record<string, string | number>;

/** Where a finding points: a sharing set (and optionally one of its mappings or profiles), or an object/profile. */
export type FindingTarget = {
  sharingSet?: string;
  /** Index into the sharing set's accessMappings. */
  mappingIndex?: number;
  profile?: string;
  object?: string;
};

export type Finding = {
  ruleId: string;
  severity: Severity;
  confidence: Confidence;
  message: string;
  target: FindingTarget;
  /** File and line, when the snapshot came from source files. */
  location?: SourceLocation & { lineOfTarget?: number };
  /**
   * Stable fingerprint: a hash of rule id and the target's identity (never of message text, line numbers or order),
   * so baselines survive reformatting.
   */
  fingerprint: string;
  /**
   * Fingerprints of related findings (the same finding reported on the other sets of a pair): a baseline entry
   * accepting one of them accepts this finding too.
   */
  acceptedAs?: string[];
};

/** What a rule's check returns before the engine adds severity, confidence, location and fingerprint. */
export type RawFinding = {
  /** A key of the rule's `meta.messages`. */
  messageId: string;
  /** Values for the message's placeholders. */
  data: MessageData;
  target: FindingTarget;
  /**
   * Extra identity for the fingerprint when the target alone does not tell two findings of a rule apart (e.g. the
   * skewed parent record's id). Never message text or anything that changes with formatting.
   */
  identity?: string;
  /**
   * Targets of the same finding reported elsewhere (the other sets of a pair): a baseline entry accepting the finding
   * at one of them accepts this one too.
   */
  acceptedWith?: FindingTarget[];
  /** A lower severity than the rule's own for this finding (e.g. data only partly known); never a higher one. */
  severity?: Severity;
  /** A lower confidence than the rule's own for this finding; never a higher one. */
  confidence?: Confidence;
  /** File and line of a finding about a project file rather than a sharing set read from it (an unusable file). */
  location?: SourceLocation;
  /**
   * What would settle a finding that could not be confirmed, as a code: the CLI words it (naming its flags) and the
   * engine appends it to the message, which ends where the advice begins.
   */
  advice?: Advice;
};

export type Rule = {
  meta: RuleMeta & { messages: RuleMessages };
  check(snapshot: Snapshot): RawFinding[];
};
