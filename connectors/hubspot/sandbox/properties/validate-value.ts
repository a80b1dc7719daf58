import type { PropertyDefinition, PropertyOption } from './definitions.ts';

/**
 * Checks one property value the way HubSpot does before it stores it, and returns the string
 * HubSpot would store (datetimes as ISO instants, dates as YYYY-MM-DD, booleans lower-case).
 * An empty string always passes: it clears the property.
 */
export interface ValueIssue {
  /** HubSpot's error code, e.g. INVALID_OPTION, PROPERTY_DOESNT_EXIST. */
  readonly error: string;
  readonly message: string;
  readonly name: string;
}

export type Checked = { ok: true; value: string } | { ok: false; issue: ValueIssue };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const fail = (name: string, error: string, message: string): Checked => ({
  ok: false,
  issue: { error, message, name },
});

/** JSON values other than strings are coerced the way HubSpot's API coerces them. */
export function asPropertyText(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (raw === null) return '';
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return undefined;
}

export function checkValue(definition: PropertyDefinition, value: string): Checked {
  const name = definition.name;
  if (value === '') return { ok: true, value };
  switch (definition.type) {
    case 'number':
      return NUMBER.test(value.trim())
        ? { ok: true, value: value.trim() }
        : fail(name, 'INVALID_NUMBER', `${value} was not a valid number.`);
    case 'datetime': {
      const ms = toEpochMs(value);
      return ms === undefined
        ? fail(name, 'INVALID_LONG', `${value} was not a valid long.`)
        : { ok: true, value: new Date(ms).toISOString() };
    }
    case 'date': {
      const ms = toEpochMs(value);
      if (ms === undefined) return fail(name, 'INVALID_DATE', `${value} is not a valid date.`);
      const at = new Date(ms);
      if (ms % 86_400_000 !== 0)
        return fail(
          name,
          'INVALID_DATE',
          `${value} is at ${at.toISOString().slice(11, 23)} UTC, not midnight!`,
        );
      return { ok: true, value: at.toISOString().slice(0, 10) };
    }
    case 'bool': {
      const lower = value.toLowerCase();
      return lower === 'true' || lower === 'false'
        ? { ok: true, value: lower }
        : fail(name, 'INVALID_BOOLEAN', `${value} was not a valid boolean.`);
    }
    case 'enumeration':
      return checkOption(definition, value);
    case 'string':
    case 'phone_number':
      if (name === 'email' && !EMAIL.test(value))
        return fail(name, 'INVALID_EMAIL', `Email address ${value} is invalid`);
      return { ok: true, value };
  }
}

/** Allowed values per options list (a new list replaces the old one on update). */
const allowedValues = new WeakMap<readonly PropertyOption[], ReadonlySet<string>>();

function checkOption(definition: PropertyDefinition, value: string): Checked {
  if (definition.options.length === 0) return { ok: true, value };
  let allowed = allowedValues.get(definition.options);
  if (allowed === undefined) {
    allowed = new Set(definition.options.map((option) => option.value));
    allowedValues.set(definition.options, allowed);
  }
  const chosen = definition.fieldType === 'checkbox' ? value.split(';') : [value];
  const wrong = chosen.find((option) => !allowed.has(option));
  if (wrong === undefined) return { ok: true, value };
  return fail(
    definition.name,
    'INVALID_OPTION',
    `${wrong} was not one of the allowed options: [${[...allowed].join(', ')}]`,
  );
}

/** Epoch milliseconds from `1700000000000`, `2024-01-05` or an ISO date-time. */
export function toEpochMs(value: string): number | undefined {
  if (/^-?\d+$/.test(value)) return Number(value);
  if (!ISO_DATE.test(value) && !/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const ms = Date.parse(ISO_DATE.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(ms) ? undefined : ms;
}
