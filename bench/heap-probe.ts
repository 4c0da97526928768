/**
 * Preloaded into each process of the soak (`node --expose-gc --import tsx
 * --import ./bench/heap-probe.ts ...`): every HEAP_PROBE_MS (default 5 s) it
 * runs a full garbage collection and writes the live heap to
 * $HEAP_PROBE_DIR/<pid>.json, which the soak's sampler reads. The heap after a
 * full collection is what a process still holds on to, the plainest signal of
 * a leak (RSS also moves as V8 sizes its heap and the allocator keeps pages).
 * Cost: one full GC of a heap of tens of MB every few seconds, a few ms.
 * Without HEAP_PROBE_DIR it does nothing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the probe writes. */
export interface HeapReading {
  /** Live heap after a full GC, in MB (process.memoryUsage().heapUsed). */
  heapMb: number;
  /** Memory of C++ objects bound to JS ones, Buffers included, in MB. */
  externalMb: number;
  atMs: number;
}

const dir = process.env.HEAP_PROBE_DIR;
const gc = (globalThis as { gc?: () => void }).gc;
if (dir) {
  const file = join(dir, `${process.pid}.json`);
  const probe = () => {
    gc?.();
    const m = process.memoryUsage();
    const r: HeapReading = {
      heapMb: m.heapUsed / 2 ** 20,
      externalMb: m.external / 2 ** 20,
      atMs: Date.now(),
    };
    try {
      writeFileSync(file, JSON.stringify(r));
    } catch {
      // The soak removed its directory: it is over.
    }
  };
  setInterval(probe, Number(process.env.HEAP_PROBE_MS ?? 5000)).unref();
}
