/**
 * Pydantic v2's lax-mode coercions, for the field types of vLLM's request
 * models (OpenAIBaseModel is not strict, so `"5"` is a valid `int` and
 * `"true"` a valid `bool`). Rules from pydantic's conversion table,
 * https://docs.pydantic.dev/latest/concepts/conversion_table/ (Python input:
 * FastAPI validates the decoded JSON). Each schema accepts absent or null
 * (the fields are `X | None`) as undefined.
 */
import { z } from 'zod';

/** Strings pydantic reads as a bool, lower-cased (conversion table, bool <- str). */
const TRUE_WORDS = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE_WORDS = new Set(['0', 'off', 'f', 'false', 'n', 'no']);
const INT_TEXT = /^\s*[+-]?\d+\s*$/;
const FLOAT_TEXT = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** bool <- bool, 0 or 1, or one of pydantic's words; undefined when none fits. */
export function laxBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 0 || v === 1) return v === 1;
  if (typeof v !== 'string') return undefined;
  const word = v.toLowerCase();
  return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : undefined;
}

/** int <- int, bool, a float without a fractional part, or a string of digits. */
export function laxInt(v: unknown): number | undefined {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  return typeof v === 'string' && INT_TEXT.test(v) ? Number(v) : undefined;
}

/** float <- float, int, bool, or a decimal string. */
export function laxFloat(v: unknown): number | undefined {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  return typeof v === 'string' && FLOAT_TEXT.test(v) ? Number(v) : undefined;
}

/** Pydantic's messages for each kind (the `msg` of its validation errors). */
const MESSAGES = {
  bool: 'Input should be a valid boolean',
  int: 'Input should be a valid integer',
  float: 'Input should be a valid number',
} as const;
const COERCE = { bool: laxBool, int: laxInt, float: laxFloat } as const;

/** A `X | None` field of a pydantic model in lax mode. */
export function lax<K extends keyof typeof COERCE>(kind: K) {
  type Out = NonNullable<ReturnType<(typeof COERCE)[K]>>;
  // optional(): zod 4 takes a key whose schema transforms as required unless it is marked so.
  return z
    .unknown()
    .transform((v, ctx): Out | undefined => {
      if (v === undefined || v === null) return undefined;
      const out = COERCE[kind](v) as Out | undefined;
      if (out === undefined) ctx.addIssue({ code: 'custom', message: MESSAGES[kind] });
      return out;
    })
    .optional();
}

/** Python's truthiness of a decoded JSON value (vLLM's `mode="before"` validators test raw data). */
export function pyTruthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v !== null && typeof v === 'object') return Object.keys(v).length > 0;
  return Boolean(v);
}

/** A float as Python's f-string writes it: 3 -> "3.0", 0.5 -> "0.5" (vLLM's messages quote floats). */
export function pyFloat(v: number): string {
  return Number.isInteger(v) ? `${v}.0` : String(v);
}
