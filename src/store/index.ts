/** The embedded SQLite store: per-minute rollups rolled into hours and days (issue 5). */
// The store's rows are the engine's Rollup; its callers get it here with the store.
export { emptyRollup, mergeInto, type Rollup, type RollupDelta } from '../engine/index.ts';
export type { StoreThresholds } from './add-measurement.ts';
export { SloStore, type StoreOptions } from './slo-store.ts';
export { StoreError, type StoreErrorCode } from './store-error.ts';
export type { PodUptime, ReadRows } from './store-reader.ts';
