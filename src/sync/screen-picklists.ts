import type { Connector, WriteOutcome } from './connector.ts';
import type { PlannedWrite } from './plan.ts';

/**
 * Values a restricted picklist would reject are caught before the write (DESIGN.md "Field
 * rules"): the record does not go out, and its dead letter says which value, which field and
 * how to fix it — instead of a vendor error naming neither the mapping nor the cure.
 */
export interface ScreenedWrites {
  readonly send: PlannedWrite[];
  readonly rejected: WriteOutcome[];
}

export async function screenPicklists(
  connector: Connector | undefined,
  plans: readonly PlannedWrite[],
): Promise<ScreenedWrites> {
  if (connector === undefined || plans.length === 0) return { send: [...plans], rejected: [] };
  const objects = [...new Set(plans.map((plan) => plan.object))];
  const described = new Map(
    await Promise.all(
      objects.map(async (object) => [object, await connector.describe(object)] as const),
    ),
  );
  const send: PlannedWrite[] = [];
  const rejected: WriteOutcome[] = [];
  for (const plan of plans) {
    const fields = described.get(plan.object)?.fields;
    const problems: string[] = [];
    for (const [field, value] of Object.entries(plan.request.fields)) {
      const picklist = fields?.get(field)?.picklist;
      if (picklist === undefined || !picklist.restricted || value === null) continue;
      if (!picklist.values.includes(String(value))) {
        problems.push(
          `${plan.object}.${field}: "${String(value)}" is not one of its values (${picklist.values.join(', ')})`,
        );
      }
    }
    if (problems.length === 0) {
      send.push(plan);
      continue;
    }
    rejected.push({
      ref: plan.request.ref,
      ok: false,
      error: {
        kind: 'invalid_record',
        code: 'PICKLIST_VALUE_NOT_ALLOWED',
        message: `${problems.join('; ')}. Add the value to the picklist in ${connector.system}, or translate it in mappings/fields.yaml (values), then run leadloop replay.`,
        fields: problems.map((problem) => problem.split(':')[0] ?? ''),
      },
    });
  }
  return { send, rejected };
}
