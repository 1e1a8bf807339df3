/**
 * Reading a local project for a command: a broken sfdx-project.json becomes the BadProject error (with its file), and
 * the problems of unreadable sharing-set files are listed one per line, file:line first.
 */
import { Messages } from '@salesforce/core';
import { ProjectError, type SourceProblem } from '../source/index.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const errorMessages = Messages.loadMessages('plugin-sharing', 'errors');

/** Awaits a project read, turning a broken sfdx-project.json into the BadProject error. */
export async function readingProject<T>(reading: Promise<T>): Promise<T> {
  try {
    return await reading;
  } catch (error) {
    if (error instanceof ProjectError) throw errorMessages.createError('error.BadProject', [error.file, error.message]);
    throw error;
  }
}

/** Source problems, one indented line each (`  file:line: message`), for an error message. */
export function listProblems(problems: readonly SourceProblem[]): string {
  return problems.map((problem) => `  ${problem.file}:${problem.line ?? 1}: ${problem.message}`).join('\n');
}
