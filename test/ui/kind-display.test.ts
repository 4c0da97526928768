/**
 * The UI's copy of the kind facts it shows (the browser cannot import
 * src/spec) equals the table: the types already say so, this says it at run
 * time too.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OBJECTIVE_KIND_FACTS, OBJECTIVE_KINDS } from '../../src/spec/index.ts';
import { KIND_DISPLAY } from '../../src/ui/app/kind-display.ts';

describe("the UI's kind facts", () => {
  it("are the table's, for every kind", () => {
    for (const kind of OBJECTIVE_KINDS) {
      const { shows, sli } = OBJECTIVE_KIND_FACTS[kind];
      assert.deepEqual(KIND_DISPLAY[kind], { shows, sli }, kind);
    }
    assert.deepEqual(Object.keys(KIND_DISPLAY).sort(), [...OBJECTIVE_KINDS].sort());
  });
});
