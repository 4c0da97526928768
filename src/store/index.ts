/** The embedded SQLite store: per-minute rollups rolled into hours and days (issue 5). */
export { emptyRollup, mergeInto, type Rollup, type RollupDelta } from './rollup.ts';
export { SloStore, type StoreOptions } from './slo-store.ts';
export { StoreError, type StoreErrorCode } from './store-error.ts';
export type { PodUptime, ReadRows } from './store-reader.ts';
