export { API_NAME_MAX, validateApiName } from './apiName.js';
export {
  DEFAULT_BACKUP_DIR,
  backupSharingSet,
  fullNameFromFile,
  readSharingSetFile,
  sharingSetPath,
  writeSharingSetFile,
  type FileFormat,
  type WriteFileResult,
} from './files.js';
export { ProjectError, findProjectFiles, type ProjectFiles } from './project.js';
export {
  METADATA_NAMESPACE,
  SharingSetFileError,
  escapeXml,
  parseSharingSetXml,
  serializeSharingSet,
} from './sharingSetXml.js';
export { loadProjectSharingSets, loadSourceSnapshot, type SourceProblem } from './snapshot.js';
export { STANDARD_OBJECTS, standardObjectFields } from './standardObjects.js';
