export { API_NAME_MAX, validateApiName } from './apiName.js';
export {
  DEFAULT_BACKUP_DIR,
  backupSharingSet,
  checkBackupFolder,
  checkSharingSetFileTarget,
  checkSharingSetFileWrite,
  unrepresentableValue,
  UnrepresentableValueError,
  fullNameFromFile,
  namedValues,
  readSharingSetFile,
  replaceSharingSetFile,
  sharingSetPath,
  writeSharingSetFile,
  type FileFormat,
  type WriteFileResult,
} from './files.js';
export { ProjectError, findProjectFiles, type ProjectFiles } from './project.js';
export {
  MAX_DESCRIPTION,
  MAX_FILE_BYTES,
  METADATA_NAMESPACE,
  SharingSetFileError,
  decodeUtf8,
  escapeXml,
  parseSharingSetXml,
  serializeSharingSet,
  xmlUnrepresentable,
  type ParseOptions,
} from './sharingSetXml.js';
export { loadProjectSharingSets, loadSourceSnapshot, type SourceProblem } from './snapshot.js';
export {
  STANDARD_OBJECTS,
  standardObjectFields,
  type LookupEvidence,
  type StandardLookup,
  type StandardObject,
} from './standardObjects.js';
export { SourceFileError, readXml, trimXml, type SourceFileErrorCode, type XmlElement } from './xmlReader.js';
export { backupFileName, readBackups, type BackupFile } from './backups.js';
