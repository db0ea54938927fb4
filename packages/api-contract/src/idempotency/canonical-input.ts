/**
 * An input as canonical text, for the idempotency hash: JSON with object keys sorted (the same input
 * hashes the same whatever order a client wrote it in), with what JSON cannot say tagged (Date, Map,
 * Set, bigint, other objects by their type and text).
 *
 * Hand-written rather than through `superjson.serialize`: that throws on a key named `constructor` or
 * `prototype` (a 500 for an input the procedure would refuse with a 400), and, like any walk, visits a
 * value once per reference to it, which superjson's `referentialEqualities` lets a 900-byte request
 * multiply into 2^24 visits. So the walk is bounded: null past `INPUT_LIMITS` (the caller answers 400).
 */
export const INPUT_LIMITS = { depth: 64, values: 10_000 } as const;

const OVER_LIMITS = Symbol('over the input limits');

const isPlainObject = (value: object) => {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

export function canonicalInput(input: unknown): string | null {
  let budget = INPUT_LIMITS.values;
  // Recursive, but never deeper than INPUT_LIMITS.depth: far from the stack's limit.
  const encode = (value: unknown, depth: number): string => {
    budget -= 1;
    if (budget < 0 || depth > INPUT_LIMITS.depth) throw OVER_LIMITS;
    const child = (item: unknown) => encode(item, depth + 1);
    if (value === undefined) return 'null';
    if (typeof value === 'bigint') return `{"$bigint":"${value}"}`;
    if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
    if (Array.isArray(value)) return `[${value.map(child).join(',')}]`;
    if (value instanceof Date) return `{"$date":${Number.isNaN(value.getTime()) ? 'null' : value.getTime()}}`;
    if (value instanceof Map)
      return `{"$map":[${[...value].map(([key, item]) => `[${child(key)},${child(item)}]`).join(',')}]}`;
    if (value instanceof Set) return `{"$set":[${[...value].map(child).join(',')}]}`;
    if (!isPlainObject(value))
      return `{${JSON.stringify(`$${Object.prototype.toString.call(value)}`)}:${JSON.stringify(String(value))}}`;
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${child(item)}`).join(',')}}`;
  };
  try {
    return encode(input, 0);
  } catch (error) {
    if (error === OVER_LIMITS) return null;
    throw error;
  }
}
