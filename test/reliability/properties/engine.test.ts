import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { STAGES, stageMove, type Stage } from '../../../src/lead/stages.ts';
import type { FieldRule } from '../../../src/mapping/field-rule.ts';
import type { FieldValue, SystemName } from '../../../src/sync/connector.ts';
import { decideStage, type StageSignal } from '../../../src/sync/decide-stage.ts';
import { normalizeValue, observeField, recordWrite } from '../../../src/sync/field-state.ts';
import { mergeField, type FieldObservation } from '../../../src/sync/merge.ts';
import { planWrite, type SystemTarget } from '../../../src/sync/plan.ts';

/**
 * The engine's pure steps under generated inputs (fast-check; a failure prints its seed and
 * the shrunk counter-example). Merge and decide must be stable — running them again on their
 * own outcome changes nothing, so the systems never flip-flop — and plan must be idempotent: a
 * plan applied, then planned again, writes nothing.
 */
const RUNS = { numRuns: 1_000 };
const systems: readonly SystemName[] = ['salesforce', 'hubspot'];

const system = fc.constantFrom<SystemName>(...systems);
const stage = fc.constantFrom<Stage>(...STAGES);
const instant = fc
  .integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2027-01-01T00:00:00Z') })
  .map((ms) => new Date(ms).toISOString());
const value: fc.Arbitrary<FieldValue> = fc.oneof(
  fc.constant(null),
  fc.constantFrom('', '  ', 'Acme', ' Acme ', 'VP Sales', 'Closed - Not Converted'),
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.boolean(),
  instant,
  instant.map((iso) => iso.replace('Z', '+0000')),
);
const rule: fc.Arbitrary<FieldRule> = fc.oneof(
  fc.constant<FieldRule>({ kind: 'two-way' }),
  fc.constant<FieldRule>({ kind: 'none' }),
  system.map((s): FieldRule => ({ kind: 'prefer', system: s })),
  system.map((s): FieldRule => ({ kind: 'always', system: s })),
);
const observation: fc.Arbitrary<FieldObservation> = fc.record({ value, changedAt: instant });
const observations = fc.record(
  { salesforce: observation, hubspot: observation },
  { requiredKeys: [] },
);
const signal: fc.Arbitrary<StageSignal> = fc.record({
  stage,
  at: instant,
  system: fc.constantFrom<StageSignal['system']>('hubspot', 'salesforce', 'leadloop'),
  actor: fc.constantFrom('marketing', 'sales', 'leadloop'),
  reason: fc.option(fc.constantFrom('', '  ', 'no budget this year', 'closed lost'), {
    nil: undefined,
  }),
});

describe('merge rules', () => {
  test('merging the outcome again changes nothing: once both systems hold the winner, it stays', () => {
    fc.assert(
      fc.property(rule, observations, system, (fieldRule, observed, tieBreak) => {
        const first = mergeField({ rule: fieldRule, observations: observed, tieBreak });
        if (first.winner === undefined) return;
        // Leadloop writes the winner to the other systems, carrying the winning change time.
        const settled = Object.fromEntries(
          Object.keys(observed).map((name) => [
            name,
            { value: first.value, changedAt: first.changedAt ?? '' },
          ]),
        );
        const again = mergeField({ rule: fieldRule, observations: settled, tieBreak });
        expect(normalizeValue(again.value)).toEqual(normalizeValue(first.value));
      }),
      RUNS,
    );
  });

  test('the winner does not depend on the order the systems were read in', () => {
    fc.assert(
      fc.property(rule, observations, system, (fieldRule, observed, tieBreak) => {
        const reversed = Object.fromEntries(Object.entries(observed).reverse());
        expect(mergeField({ rule: fieldRule, observations: reversed, tieBreak })).toEqual(
          mergeField({ rule: fieldRule, observations: observed, tieBreak }),
        );
      }),
      RUNS,
    );
  });

  test('always: X only ever takes X’s value; none never decides', () => {
    fc.assert(
      fc.property(system, observations, system, (source, observed, tieBreak) => {
        const always = mergeField({
          rule: { kind: 'always', system: source },
          observations: observed,
          tieBreak,
        });
        expect(always.winner === undefined || always.winner === source).toBe(true);
        expect(
          mergeField({ rule: { kind: 'none' }, observations: observed, tieBreak }).winner,
        ).toBeUndefined();
      }),
      RUNS,
    );
  });
});

describe('stage machine', () => {
  test('decideStage only makes legal moves, each backward one with a reason', () => {
    fc.assert(
      fc.property(stage, fc.array(signal, { maxLength: 8 }), (current, signals) => {
        const decision = decideStage(current, signals);
        let from = current;
        for (const entry of decision.entries) {
          const move = stageMove(from, entry.stage);
          expect(['forward', 'needs_reason']).toContain(move);
          if (move === 'needs_reason') expect(entry.reason?.trim()).toBeTruthy();
          from = entry.stage;
        }
        expect(decision.stage).toBe(from);
        expect(decision.entries.length + decision.ignored.length).toBeLessThanOrEqual(
          signals.length,
        );
      }),
      RUNS,
    );
  });

  test('no flip-flop: deciding again on the same signals from the outcome moves nothing', () => {
    fc.assert(
      fc.property(stage, fc.array(signal, { maxLength: 8 }), (current, signals) => {
        const first = decideStage(current, signals);
        const latest = signals.toSorted((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
        // Re-reading the systems replays, at most, the newest signal: it must not move the lead.
        const again = decideStage(first.stage, latest === undefined ? [] : [latest]);
        if (again.entries.length > 0) expect(again.entries.at(-1)?.stage).toBe(first.stage);
        expect(again.stage === first.stage || first.entries.length === 0).toBe(true);
      }),
      RUNS,
    );
  });

  test('signal order in the input does not change the decision', () => {
    fc.assert(
      fc.property(stage, fc.array(signal, { maxLength: 6 }), (current, signals) => {
        expect(decideStage(current, [...signals].reverse()).stage).toBe(
          decideStage(current, signals).stage,
        );
      }),
      RUNS,
    );
  });
});

describe('plan', () => {
  const fields = fc.dictionary(
    fc.constantFrom(
      'Title',
      'Phone',
      'LeadLoop_Stage__c',
      'LeadLoop_Score__c',
      'LeadLoop_MQL_At__c',
    ),
    value,
  );
  const target = fc.record({
    system,
    recordId: fc.option(fc.constant('00QDn000001AbcdEAC'), { nil: undefined }),
    seen: fields,
    desired: fields,
  });

  test('a plan applied, then planned again from what the system now holds, writes nothing', () => {
    fc.assert(
      fc.property(target, ({ system: name, recordId, seen, desired }) => {
        const base: SystemTarget = {
          system: name,
          object: name === 'hubspot' ? 'contacts' : 'Lead',
          recordId,
          seen: new Map(Object.entries(seen)),
          desired,
          create: { upsertKey: { field: 'LeadLoop_Id__c', value: 'a1' }, assign: true },
        };
        const first = planWrite(base, 'lead-1');
        // Apply: the system now holds every written value (an update keeps the others; a
        // created record holds only what was sent).
        const held = new Map(recordId === undefined ? [] : base.seen);
        for (const [field, written] of Object.entries(first?.request.fields ?? {}))
          held.set(field, written);
        const second = planWrite(
          { ...base, recordId: recordId ?? first?.request.id ?? '00QDn000001AbcdEAC', seen: held },
          'lead-1',
        );
        expect(second).toBeUndefined();
      }),
      RUNS,
    );
  });

  test('planWrite on seen = desired gives no write', () => {
    fc.assert(
      fc.property(system, fields, (name, desired) => {
        const plan = planWrite(
          {
            system: name,
            object: 'Lead',
            recordId: '00QDn000001AbcdEAC',
            seen: new Map(Object.entries(desired)),
            desired,
          },
          'lead-1',
        );
        expect(plan).toBeUndefined();
      }),
      RUNS,
    );
  });

  test('a value leadloop wrote, read back in the vendor’s format, is an echo, never a change', () => {
    fc.assert(
      fc.property(value, instant, (written, at) => {
        const state = recordWrite(written, at);
        const readBack =
          typeof written === 'string' && /^\d{4}-.*Z$/.test(written)
            ? written.replace('Z', '+0000')
            : written;
        const { observation: seen } = observeField(state, readBack, '2027-01-01T00:00:00.000Z');
        expect(['unchanged', 'echo']).toContain(seen);
      }),
      RUNS,
    );
  });
});
