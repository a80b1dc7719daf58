import { fitMatcher, type FitMatcher } from './fit-matcher.ts';
import type { ScoringValue } from './record-values.ts';
import type { FitRule } from './scoring-rules.ts';

/**
 * The fit rules that read one field, answered for a value once and then remembered: most fit
 * fields take few values (titles, countries, industries, size bands) and the sync scores every
 * lead of every cycle, where one value's rules (lower-casing, regexes, number parsing) cost
 * several times a Map lookup. The answers depend on the value alone. Bounded: once `MAX_VALUES`
 * values are held the memory is cleared and fills again — unless fewer than half the lookups
 * found their value, as on a field whose values are mostly unique (phone, company name): its
 * rules are then simply run every time. A long text is never kept.
 */
const MAX_VALUES = 1_000;
const MAX_KEPT_TEXT = 200;

export class FitRulesOfField {
  /** Position of the field among the scoring inputs. */
  readonly input: number;
  private readonly matchers: readonly FitMatcher[];
  private answers: Map<ScoringValue, readonly boolean[]> | undefined = new Map();
  private found = 0;

  constructor(input: number, rules: readonly FitRule[]) {
    this.input = input;
    this.matchers = rules.map(fitMatcher);
  }

  /** Whether each rule fires for `value`, in the order the rules were given. */
  firesFor(value: ScoringValue): readonly boolean[] {
    const { answers: memory } = this;
    if (memory === undefined) return this.run(value);
    const known = memory.get(value);
    if (known !== undefined) {
      this.found += 1;
      return known;
    }
    const answers = this.run(value);
    if (typeof value === 'string' && value.length > MAX_KEPT_TEXT) return answers;
    if (memory.size >= MAX_VALUES) {
      if (this.found < MAX_VALUES) {
        this.answers = undefined;
        return answers;
      }
      memory.clear();
      this.found = 0;
    }
    memory.set(value, answers);
    return answers;
  }

  private run(value: ScoringValue): readonly boolean[] {
    return this.matchers.map((fires) => fires(value));
  }
}
