/**
 * A record's own value for a key that came from outside (a payload, a typed word), or undefined.
 * A plain `record[key]` or `key in record` also finds `constructor`, `toString`, `__proto__`...
 * on the prototype chain.
 */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
