/**
 * A mapping's paths as SOQL relationship paths, so that one query per object reads every value a mapping compares
 * (docs/salesforce-facts.md §6: child-to-parent paths reach 5 levels). The path's last lookup is read through its
 * relationship (`Entitlement.Account.Id`, `Deal__r.Id`), which needs no describe: a custom field `X__c` is followed
 * as `X__r`, a standard lookup field `AccountId` as `Account`, a relationship name as itself. `Id` alone is the record.
 */
import { nameKey } from '../model/names.js';

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** The relationship a segment names (undefined for a segment that is no API name: it never reaches a query). */
function relationship(segment: string): string | undefined {
  const trimmed = segment.trim();
  if (!NAME.test(trimmed)) return undefined;
  if (/__c$/i.test(trimmed)) return `${trimmed.slice(0, -3)}__r`;
  if (/^[A-Za-z0-9]+Id$/.test(trimmed) && trimmed.length > 2 && !trimmed.includes('_')) return trimmed.slice(0, -2);
  return trimmed;
}

/** The SOQL path of a lookup path's end (`Account` → `Account`, `Deal__c.Account` → `Deal__r.Account`). */
export function relationshipPath(path: string): string | undefined {
  const parts = path.split('.').map(relationship);
  if (parts.length === 0 || parts.length > 4 || parts.some((part) => part === undefined)) return undefined;
  return parts.join('.');
}

/** The SOQL paths reading an objectField's target Id and Name on the mapped object; undefined when it cannot be read. */
export function objectFieldColumns(objectField: string): { id: string; name?: string } | undefined {
  if (nameKey(objectField.trim()) === 'id') return { id: 'Id' };
  const path = relationshipPath(objectField);
  return path ? { id: `${path}.Id`, name: `${path}.Name` } : undefined;
}

/** The SOQL paths reading a `Account.<Field>` / `Contact.<Field>` userField's Id and Name on User. */
export function userFieldColumns(userField: string): { id: string; name: string } | undefined {
  const path = relationshipPath(userField);
  return path ? { id: `${path}.Id`, name: `${path}.Name` } : undefined;
}

/**
 * Standard objects whose records are named by a field other than `Name` (Object Reference: Case.CaseNumber,
 * Order.OrderNumber, …); every custom object has `Name`.
 */
const NAME_FIELDS: Record<string, string> = {
  case: 'CaseNumber',
  contract: 'ContractNumber',
  order: 'OrderNumber',
  workorder: 'WorkOrderNumber',
  workorderlineitem: 'LineItemNumber',
  task: 'Subject',
  event: 'Subject',
  solution: 'SolutionName',
};

/** The field that names a record of `object`. */
export const nameFieldOf = (object: string): string => NAME_FIELDS[nameKey(object)] ?? 'Name';
