import { z } from 'zod';
import { help } from '../config/schema-help.ts';
import { SystemSchema, type System } from '../config/leadloop-schema.ts';

/**
 * How one field moves between HubSpot and Salesforce (DESIGN.md "Field rules"):
 * `two-way` — the latest change wins; `prefer: X` — X wins unless blank;
 * `always: X` — one-way from X; `none` — leadloop leaves the field alone.
 */
export type FieldRule =
  | { kind: 'two-way' }
  | { kind: 'none' }
  | { kind: 'prefer'; system: System }
  | { kind: 'always'; system: System };

const RULE_EXPECTED = 'two-way, none, prefer: hubspot|salesforce or always: hubspot|salesforce';
const RULE_HINT =
  'write "rule: two-way" or "rule: none", or put "prefer: salesforce" (or "always: hubspot") on its own line indented under "rule:"';

/** `prefer: salesforce` written as one quoted string, or `prefer salesforce`. */
const RULE_TEXT = /^(prefer|always)\s*:?\s+(hubspot|salesforce)$/;

const RuleTextSchema = z.string().transform((text, context): FieldRule => {
  const trimmed = text.trim();
  if (trimmed === 'two-way' || trimmed === 'none') return { kind: trimmed };
  const match = RULE_TEXT.exec(trimmed);
  if (match !== null) {
    return { kind: match[1] as 'prefer' | 'always', system: match[2] as System };
  }
  context.addIssue({
    code: 'custom',
    message: `expected ${RULE_EXPECTED}`,
    params: { code: 'value.bad_rule', hint: RULE_HINT },
  });
  return z.NEVER;
});

const RuleMapSchema = z
  .strictObject({ prefer: SystemSchema.optional(), always: SystemSchema.optional() })
  .superRefine((rule, context) => {
    if ((rule.prefer === undefined) === (rule.always === undefined)) {
      context.addIssue({
        code: 'custom',
        message: 'expected exactly one of prefer or always',
        params: { code: 'value.bad_rule', hint: RULE_HINT },
      });
    }
  })
  .transform((rule): FieldRule =>
    rule.prefer !== undefined
      ? { kind: 'prefer', system: rule.prefer }
      : { kind: 'always', system: rule.always ?? 'hubspot' },
  );

export const FieldRuleSchema = z
  .union([RuleTextSchema, RuleMapSchema])
  .meta(help({ expected: RULE_EXPECTED, hint: RULE_HINT }));

/** `two-way`, `prefer salesforce`, `always hubspot → salesforce`, `none`. */
export function describeRule(rule: FieldRule): string {
  switch (rule.kind) {
    case 'two-way':
    case 'none':
      return rule.kind;
    case 'prefer':
      return `prefer ${rule.system}`;
    case 'always':
      return `always ${rule.system} → ${otherSystem(rule.system)}`;
  }
}

export function otherSystem(system: System): System {
  return system === 'hubspot' ? 'salesforce' : 'hubspot';
}

/** Whether a rule may ever write the field into `system`. */
export function ruleWritesTo(rule: FieldRule, system: System): boolean {
  switch (rule.kind) {
    case 'none':
      return false;
    case 'always':
      return rule.system !== system;
    default:
      // two-way, and prefer: the preferred side is filled from the other while it is blank.
      return true;
  }
}
