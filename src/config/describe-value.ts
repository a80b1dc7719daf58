/** Renders what the admin wrote, for the `found …` part of a problem. */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') {
    if (value.trim() === '') return 'an empty text';
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0) return 'an empty map';
    return keys.length === 1
      ? `a map with the key ${keys[0]}`
      : `a map with keys ${keys.join(', ')}`;
  }
  return typeof value;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `fields.title.rule`, `weeklyHours.mon[0]`, `salesforce.leadStatus["Closed - Not Converted"]`. */
export function renderPath(path: readonly PropertyKey[]): string {
  let rendered = '';
  for (const segment of path) {
    if (typeof segment === 'number') rendered += `[${segment}]`;
    else {
      const key = String(segment);
      if (PLAIN_KEY.test(key)) rendered += rendered === '' ? key : `.${key}`;
      else rendered += `[${JSON.stringify(key)}]`;
    }
  }
  return rendered;
}

/** Follows `path` through plain parsed YAML data; undefined when it leads nowhere. */
export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}
