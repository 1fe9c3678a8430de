export { openStore } from './store.js';
export { openStoreReadOnly } from './readonly.js';
export { latestVersion, SchemaTooNewError } from './migrations.js';
export { utcDay } from './rollups.js';
export * from './types.js';
