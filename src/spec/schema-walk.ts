/**
 * Finds the keys a strict object in the schema accepts, given a path into the
 * data, so an unknown key can be answered with "did you mean ...". Reads zod
 * 4's public `_zod.def` structure; a path it cannot follow gives no keys.
 */
import type { z } from 'zod';
import type { PathSegment } from './problems.ts';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  valueType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  in?: z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Peels optional/default/prefault/pipe wrappers and picks the union member matching the data. */
function unwrap(schema: z.ZodType, data: unknown): z.ZodType | undefined {
  let s: z.ZodType | undefined = schema;
  for (let i = 0; s && i < 20; i++) {
    const def = defOf(s);
    if (
      def.type === 'optional' ||
      def.type === 'default' ||
      def.type === 'prefault' ||
      def.type === 'nullable'
    ) {
      s = def.innerType;
    } else if (def.type === 'pipe') {
      s = def.in;
    } else if (def.type === 'union') {
      const disc = def.discriminator;
      const value =
        disc && data && typeof data === 'object' ? (data as Record<string, unknown>)[disc] : undefined;
      s = def.options?.find((o) => {
        const shape = defOf(o).shape;
        const lit = shape && disc ? shape[disc] : undefined;
        const values = lit ? (defOf(lit) as { values?: unknown[] }).values : undefined;
        return values?.includes(value);
      });
    } else {
      return s;
    }
  }
  return s;
}

/** The accepted keys of the object schema at `path`, or [] when unknown. */
export function knownKeysAt(root: z.ZodType, path: readonly PathSegment[], data: unknown): string[] {
  let schema = unwrap(root, data);
  let value = data;
  for (const seg of path) {
    if (!schema) return [];
    const def = defOf(schema);
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[String(seg)] : undefined;
    if (def.type === 'object') schema = def.shape?.[String(seg)];
    else if (def.type === 'record') schema = def.valueType;
    else if (def.type === 'array') schema = def.element;
    else return [];
    schema = schema ? unwrap(schema, value) : undefined;
  }
  if (!schema) return [];
  const shape = defOf(schema).shape;
  return shape ? Object.keys(shape) : [];
}
