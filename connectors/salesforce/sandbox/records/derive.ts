import { CLOSED_TASK_STATUSES, stageNamed } from '../schema/picklists.ts';
import type { Value } from '../store/record.ts';
import { formatDate, parseDate } from './time.ts';
import { saveError, type SaveError } from './values.ts';

/**
 * Fields the org computes from others on every save: the compound Name of people, an
 * opportunity's IsClosed/IsWon/Probability/forecast from its stage, a task's IsClosed and
 * CompletedDateTime, an event's start/end/duration. Adds them to `changes`.
 */
export function deriveFields(
  object: string,
  values: Readonly<Record<string, Value>>,
  changes: Record<string, Value>,
  now: number,
): SaveError | undefined {
  switch (object) {
    case 'Lead':
    case 'Contact':
    case 'User': {
      // Read without the closure below: this runs for every record of a people collection.
      const given = changes.FirstName;
      const givenLast = changes.LastName;
      if (given === undefined && givenLast === undefined) return undefined;
      const heldFirst = values.FirstName ?? null;
      const heldLast = values.LastName ?? null;
      const first = given !== undefined ? given : heldFirst;
      const last = givenLast !== undefined ? givenLast : heldLast;
      const held = values.Name;
      // Name is read-only and only ever built from these two (saves and seeds alike): when both
      // equal the names held, so does it, and its text is not read (on a large object that is a
      // cache miss per record; the store compares the two names with the held ones anyway).
      if (first === heldFirst && last === heldLast && typeof held === 'string') changes.Name = held;
      else changes.Name = fullName(first, last, held);
      return undefined;
    }
  }
  const get = (name: string): Value => (name in changes ? changes[name]! : (values[name] ?? null));
  switch (object) {
    case 'Opportunity': {
      if (!('StageName' in changes)) return undefined;
      const stage = stageNamed(String(get('StageName')));
      if (stage === undefined) return undefined;
      changes.IsClosed = stage.closed;
      changes.IsWon = stage.won;
      if (!('Probability' in changes)) changes.Probability = stage.probability;
      if (!('ForecastCategoryName' in changes)) changes.ForecastCategoryName = stage.forecast;
      return undefined;
    }
    case 'Task': {
      const closed = CLOSED_TASK_STATUSES.includes(String(get('Status')));
      if (closed !== values.IsClosed || !('IsClosed' in values)) {
        changes.IsClosed = closed;
        changes.CompletedDateTime = closed ? now : null;
      }
      changes.IsHighPriority = get('Priority') === 'High';
      return undefined;
    }
    case 'Event':
      return deriveEvent(get, changes);
    default:
      return undefined;
  }
}

/**
 * `First Last` (or the one that is set). The name held is given back when it already reads so:
 * an update that leaves both names as they were builds no new string, and the store sees the
 * same string and skips it.
 */
function fullName(first: Value, last: Value, held: Value | undefined): string {
  if (first === null) return String(last ?? '');
  if (last === null) return String(first);
  if (
    typeof held === 'string' &&
    typeof first === 'string' &&
    typeof last === 'string' &&
    held.length === first.length + 1 + last.length &&
    held.charCodeAt(first.length) === 32 &&
    held.startsWith(first) &&
    held.endsWith(last)
  )
    return held;
  return `${first} ${last}`;
}

const MINUTE = 60_000;

function deriveEvent(
  get: (name: string) => Value,
  changes: Record<string, Value>,
): SaveError | undefined {
  const start = (get('StartDateTime') ?? get('ActivityDateTime')) as number | null;
  const allDay = get('IsAllDayEvent') === true;
  if (start === null) {
    const day = get('ActivityDate');
    if (!allDay || day === null) {
      return saveError(
        'REQUIRED_FIELD_MISSING',
        'Required fields are missing: [ActivityDateTime]',
        ['ActivityDateTime'],
      );
    }
    changes.StartDateTime = parseDate(String(day)) ?? null;
    changes.DurationInMinutes = 1440;
    changes.EndDateTime = (changes.StartDateTime as number) + 1440 * MINUTE;
    return undefined;
  }
  let end = get('EndDateTime') as number | null;
  let duration = get('DurationInMinutes') as number | null;
  if ('EndDateTime' in changes && end !== null) duration = Math.round((end - start) / MINUTE);
  else if (duration !== null) end = start + duration * MINUTE;
  else if (end !== null) duration = Math.round((end - start) / MINUTE);
  else
    return saveError('REQUIRED_FIELD_MISSING', 'Required fields are missing: [DurationInMinutes]', [
      'DurationInMinutes',
    ]);
  if (duration < 0) {
    return saveError(
      'FIELD_INTEGRITY_EXCEPTION',
      'End Date Time: End time must be on or after start time.',
      ['EndDateTime'],
    );
  }
  Object.assign(changes, {
    StartDateTime: start,
    ActivityDateTime: start,
    ActivityDate: formatDate(start),
    EndDateTime: end,
    DurationInMinutes: duration,
  });
  return undefined;
}
