import type { z } from './zod';

/**
 * A zod schema's constraints read once into plain functions, so that a value our own code built
 * is confirmed valid without zod's general machinery (a context, a path and a result object per
 * field, and a copy of every object): on a parsed email that machinery cost more than the rest of
 * the record's assembly (docs/benchmarks.md, "Parsing an invitation, like with like").
 *
 * The check says "valid" only when zod would accept the value and return it unchanged: every
 * constraint it reads passed and no object holds a key its schema would strip. Anything else —
 * a constraint it does not read (a refinement, a transform, a pattern), a key to strip, a value
 * that fails — is handed to zod itself, which gives the answer and the error. The schema stays
 * the one statement of what is valid; this only skips work zod would redo to the same result.
 */

const enum Verdict {
  Invalid = 0,
  Valid = 1,
  /** The check cannot tell: zod decides. */
  Unknown = 2,
}

type Check = (value: unknown) => Verdict;

/** A zod v3 schema's definition, as far as the check reads it. */
interface Definition {
  typeName?: string;
  checks?: { kind: string; value?: number; inclusive?: boolean }[];
  innerType?: z.ZodTypeAny;
  type?: z.ZodTypeAny;
  minLength?: { value: number } | null;
  maxLength?: { value: number } | null;
  exactLength?: { value: number } | null;
  values?: readonly unknown[];
  value?: unknown;
  shape?: () => Record<string, z.ZodTypeAny>;
  unknownKeys?: string;
  catchall?: z.ZodTypeAny;
  discriminator?: string;
  options?: readonly z.ZodTypeAny[];
  coerce?: boolean;
}

const unknown: Check = () => Verdict.Unknown;

/** `schema.safeParse`, with values the check confirms returned as they are. */
export function quickSafeParse<T extends z.ZodTypeAny>(schema: T): (value: unknown) => z.SafeParseReturnType<unknown, z.infer<T>> {
  const confirmed = confirmsValid(schema);
  return (value) => (confirmed(value) ? { success: true, data: value as z.infer<T> } : schema.safeParse(value));
}

/** Whether the check confirms, without zod, that zod accepts the value and returns it unchanged (false: zod must decide). */
export function confirmsValid(schema: z.ZodTypeAny): (value: unknown) => boolean {
  const check = compile(schema);
  return (value) => check(value) === Verdict.Valid;
}

function compile(schema: z.ZodTypeAny): Check {
  const def = schema._def as Definition;
  if (def.coerce) return unknown;
  switch (def.typeName) {
    case 'ZodString':
      return stringCheck(def);
    case 'ZodNumber':
      return numberCheck(def);
    case 'ZodBoolean':
      return (value) => (typeof value === 'boolean' ? Verdict.Valid : Verdict.Invalid);
    case 'ZodLiteral':
      return (value) => (value === def.value ? Verdict.Valid : Verdict.Invalid);
    case 'ZodEnum':
      return (value) => (typeof value === 'string' && def.values!.includes(value) ? Verdict.Valid : Verdict.Invalid);
    case 'ZodOptional': {
      const inner = compile(def.innerType!);
      return (value) => (value === undefined ? Verdict.Valid : inner(value));
    }
    case 'ZodArray':
      return arrayCheck(def);
    case 'ZodObject':
      return objectCheck(def);
    case 'ZodDiscriminatedUnion':
      return discriminatedCheck(schema as z.ZodDiscriminatedUnion<string, z.ZodDiscriminatedUnionOption<string>[]>);
    case 'ZodUnion':
      return unionCheck(def.options!.map(compile));
    default:
      return unknown;
  }
}

function stringCheck(def: Definition): Check {
  let max = Infinity;
  let min = 0;
  for (const check of def.checks ?? []) {
    if (check.kind === 'max') max = Math.min(max, check.value!);
    else if (check.kind === 'min') min = Math.max(min, check.value!);
    else return unknown;
  }
  return (value) => (typeof value === 'string' && value.length <= max && value.length >= min ? Verdict.Valid : Verdict.Invalid);
}

function numberCheck(def: Definition): Check {
  const tests: ((value: number) => boolean)[] = [];
  for (const check of def.checks ?? []) {
    const bound = check.value!;
    if (check.kind === 'int') tests.push(Number.isInteger);
    else if (check.kind === 'min') tests.push(check.inclusive ? (value) => value >= bound : (value) => value > bound);
    else if (check.kind === 'max') tests.push(check.inclusive ? (value) => value <= bound : (value) => value < bound);
    else return unknown;
  }
  return (value) =>
    typeof value === 'number' && !Number.isNaN(value) && tests.every((test) => test(value)) ? Verdict.Valid : Verdict.Invalid;
}

function arrayCheck(def: Definition): Check {
  if (def.exactLength) return unknown;
  const element = compile(def.type!);
  const min = def.minLength?.value ?? 0;
  const max = def.maxLength?.value ?? Infinity;
  return (value) => {
    if (!Array.isArray(value)) return Verdict.Invalid;
    if (value.length < min || value.length > max) return Verdict.Invalid;
    let verdict = Verdict.Valid;
    for (const item of value) {
      const itemVerdict = element(item);
      if (itemVerdict === Verdict.Invalid) return Verdict.Invalid;
      if (itemVerdict === Verdict.Unknown) verdict = Verdict.Unknown;
    }
    return verdict;
  };
}

/** What zod reads as an object (not an array, a Date, a Map, a Set or a promise): here, plain objects only. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function objectCheck(def: Definition): Check {
  // Only the default object (unknown keys stripped, no catch-all) is read; passthrough and strict ones go to zod.
  if (def.unknownKeys !== 'strip' || def.catchall?._def.typeName !== 'ZodNever') return unknown;
  const shape = def.shape!();
  const fields = Object.entries(shape).map(([key, fieldSchema]) => [key, compile(fieldSchema)] as const);
  const known = new Set(Object.keys(shape));
  return (value) => {
    if (!isPlainObject(value))
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? Verdict.Unknown : Verdict.Invalid;
    let verdict = Verdict.Valid;
    for (const [key, field] of fields) {
      const fieldVerdict = field(value[key]);
      if (fieldVerdict === Verdict.Invalid) return Verdict.Invalid;
      if (fieldVerdict === Verdict.Unknown) verdict = Verdict.Unknown;
    }
    // A key zod would strip makes its output differ from the value: zod builds that output.
    for (const key in value) if (!known.has(key)) return Verdict.Unknown;
    return verdict;
  };
}

function discriminatedCheck(schema: z.ZodDiscriminatedUnion<string, z.ZodDiscriminatedUnionOption<string>[]>): Check {
  const discriminator = schema.discriminator;
  const options = new Map<unknown, Check>();
  for (const [value, option] of schema.optionsMap) options.set(value, compile(option));
  return (value) => {
    if (!isPlainObject(value)) return Verdict.Unknown;
    const option = options.get(value[discriminator]);
    return option ? option(value) : Verdict.Invalid;
  };
}

/** zod returns the first option that accepts the value: an option passes here only when every one before it is known to fail. */
function unionCheck(options: Check[]): Check {
  return (value) => {
    for (const option of options) {
      const verdict = option(value);
      if (verdict !== Verdict.Invalid) return verdict;
    }
    return Verdict.Invalid;
  };
}
