import { fitMatcher, type FitMatcher } from './fit-matcher.ts';
import type { ScoringValue } from './record-values.ts';
import type { FitRule } from './scoring-rules.ts';

/**
 * The fit rules that read one field, answered for a value once and then remembered: fit fields
 * take few values (titles, countries, industries, size bands) and the sync scores every lead of
 * every cycle, where one value's rules (lower-casing, regexes, number parsing) cost several
 * times a Map lookup. The answers depend on the value alone. Bounded: once `MAX_VALUES` values
 * are held the memory is cleared and fills again; a long text is not kept at all.
 */
const MAX_VALUES = 1_000;
const MAX_KEPT_TEXT = 200;

export class FitRulesOfField {
  /** Position of the field among the scoring inputs. */
  readonly input: number;
  private readonly matchers: readonly FitMatcher[];
  private readonly answers = new Map<ScoringValue, readonly boolean[]>();

  constructor(input: number, rules: readonly FitRule[]) {
    this.input = input;
    this.matchers = rules.map(fitMatcher);
  }

  /** Whether each rule fires for `value`, in the order the rules were given. */
  firesFor(value: ScoringValue): readonly boolean[] {
    const known = this.answers.get(value);
    if (known !== undefined) return known;
    const answers = this.matchers.map((fires) => fires(value));
    if (typeof value === 'string' && value.length > MAX_KEPT_TEXT) return answers;
    if (this.answers.size >= MAX_VALUES) this.answers.clear();
    this.answers.set(value, answers);
    return answers;
  }
}
