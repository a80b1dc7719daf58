import type { FieldDef } from '../schema/fields.ts';
import { jsonParserError } from '../http/errors.ts';
import { canonicalId } from '../store/ids.ts';
import type { Value } from '../store/record.ts';
import { formatDate, parseDate, parseDateTime } from './time.ts';

/**
 * Turns one JSON value from a request into the stored value of `field`, the way the REST API
 * deserialises and validates it. A value of the wrong JSON shape fails the whole request
 * (JSON_PARSER_ERROR, as Salesforce's parser does); a value the field rejects fails only its
 * record (a SaveError with the vendor's status code and message).
 */
export interface SaveError {
  statusCode: string;
  message: string;
  fields: string[];
}

export const saveError = (
  statusCode: string,
  message: string,
  fields: string[] = [],
): SaveError => ({
  statusCode,
  message,
  fields,
});

const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

const cannotDeserialize = (type: string, value: unknown) =>
  jsonParserError(
    `Cannot deserialize instance of ${type} from ${typeof value === 'string' ? 'VALUE_STRING' : typeof value === 'number' ? 'VALUE_NUMBER_INT' : typeof value === 'boolean' ? `VALUE_${String(value).toUpperCase()}` : 'START_OBJECT'} value ${typeof value === 'object' ? '{' : String(value)} or request may be missing a required field`,
  );

export type Converted = { value: Value } | { error: SaveError };

export function convertValue(field: FieldDef, raw: unknown): Converted {
  if (raw === null || raw === undefined) return { value: field.type === 'boolean' ? false : null };
  if (typeof raw === 'object') throw cannotDeserialize(jsonTypeName(field), raw);
  switch (field.type) {
    case 'boolean':
      if (typeof raw === 'boolean') return { value: raw };
      if (raw === 'true' || raw === 'false') return { value: raw === 'true' };
      throw cannotDeserialize('boolean', raw);
    case 'double':
    case 'currency':
    case 'percent':
    case 'int':
      return convertNumber(field, raw as string | number | boolean);
    case 'date': {
      const text = String(raw);
      const ms = parseDate(text) ?? parseDateTime(text);
      if (typeof raw !== 'string' || ms === undefined) throw cannotDeserialize('date', raw);
      return { value: formatDate(ms) };
    }
    case 'datetime': {
      const ms = typeof raw === 'string' ? (parseDateTime(raw) ?? parseDate(raw)) : undefined;
      if (ms === undefined) throw cannotDeserialize('datetime', raw);
      return { value: ms };
    }
    case 'reference':
    case 'id':
      return convertReference(field, String(raw));
    default:
      return convertText(field, String(raw));
  }
}

function jsonTypeName(field: FieldDef): string {
  switch (field.type) {
    case 'boolean':
      return 'boolean';
    case 'double':
    case 'currency':
    case 'percent':
      return 'double';
    case 'int':
      return 'int';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    default:
      return 'String';
  }
}

/** 10 ** n for the scales and precisions fields have, from a table (the same numbers). */
const POWERS_OF_TEN = Array.from({ length: 24 }, (_, n) => 10 ** n);
const tenTo = (n: number): number => POWERS_OF_TEN[n] ?? 10 ** n;

function convertNumber(field: FieldDef, raw: string | number | boolean): Converted {
  const number =
    typeof raw === 'number'
      ? raw
      : typeof raw === 'string' && raw.trim() !== ''
        ? Number(raw)
        : NaN;
  if (!Number.isFinite(number)) throw cannotDeserialize(jsonTypeName(field), raw);
  const scale = field.type === 'int' ? 0 : field.scale;
  const unit = tenTo(scale);
  const rounded = Math.round(number * unit) / unit;
  const whole = Math.trunc(Math.abs(rounded));
  // Below 10^(precision - scale) the whole part has few enough digits: no string to count them in.
  if (whole < tenTo(field.precision - scale)) return { value: rounded };
  const integerDigits = whole.toString().length;
  if (whole !== 0 && integerDigits > field.precision - scale) {
    return {
      error: saveError(
        'NUMBER_OUTSIDE_VALID_RANGE',
        `${field.label}: value outside of valid range on numeric field: ${String(raw)}`,
        [field.name],
      ),
    };
  }
  return { value: rounded };
}

function convertReference(field: FieldDef, raw: string): Converted {
  if (raw === '') return { value: null };
  const id = canonicalId(raw);
  if (id === undefined) {
    return {
      error: saveError('MALFORMED_ID', `${field.label}: id value of incorrect type: ${raw}`, [
        field.name,
      ]),
    };
  }
  return { value: id };
}

function convertText(field: FieldDef, raw: string): Converted {
  if (raw === '') return { value: null };
  let text = raw;
  if (field.picklist !== undefined && field.picklist.restricted) {
    const known = field.picklist.values.find((entry) => entry.active && entry.value === raw);
    if (known === undefined) {
      return {
        error: saveError(
          'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
          `${field.label}: bad value for restricted picklist field: ${raw}`,
          [field.name],
        ),
      };
    }
    // The schema's own string: records share it instead of each keeping the request's copy.
    text = known.value;
  }
  if (field.type === 'email' && !EMAIL.test(text)) {
    return {
      error: saveError('INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${text}`, [
        field.name,
      ]),
    };
  }
  if (field.length > 0 && text.length > field.length) {
    return {
      error: saveError(
        'STRING_TOO_LONG',
        `${field.label}: data value too large: ${text} (max length=${field.length})`,
        [field.name],
      ),
    };
  }
  return { value: text };
}
