/** The audit: rule contract, registry, engine and catalogue (pure). */
export type * from './types.js';
export type { AuditOptions, AuditResult, AuditSummary, SkippedRule } from './engine.js';
export { UnknownRuleError, runAudit, selectRules } from './engine.js';
export { RULES } from './rules/index.js';
export { renderRuleCatalogueMarkdown } from './catalogue.js';
