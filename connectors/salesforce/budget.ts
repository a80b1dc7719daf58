import { BudgetExhaustedError, type ApiUsage } from '../../src/sync/connector.ts';
import type { BudgetSnapshot } from './errors.ts';

/**
 * leadloop's share of the org's daily API limit. Salesforce reports the org-wide usage on
 * every REST response (`Sforce-Limit-Info: api-usage=N/MAX`) and in `GET /limits`
 * (`DailyApiRequests`); leadloop stops before a call that would take the org past
 * `share × MAX`, so the rest of the limit stays for the org's other integrations.
 */
export class ApiBudget {
  readonly #share: number;
  #callsMade = 0;
  #used: number | undefined;
  #limit: number | undefined;

  constructor(share = 0.5) {
    if (!(share > 0 && share <= 1))
      throw new RangeError(`API budget share must be in (0, 1], got ${share}`);
    this.#share = share;
  }

  /** Parses `Sforce-Limit-Info` (e.g. `api-usage=18/15000`); ignores anything else. */
  observeHeader(header: string | undefined): void {
    const match = header === undefined ? null : /api-usage=(\d+)\/(\d+)/.exec(header);
    if (match !== null) this.observe(Number(match[1]), Number(match[2]));
  }

  observe(used: number, limit: number): void {
    this.#used = used;
    this.#limit = limit;
  }

  get allowed(): number | undefined {
    return this.#limit === undefined ? undefined : Math.floor(this.#limit * this.#share);
  }

  /** Throws before a call that would pass the share; counts the call otherwise. */
  spend(): void {
    const allowed = this.allowed;
    if (allowed !== undefined && this.#used !== undefined && this.#used + 1 > allowed) {
      throw new BudgetExhaustedError('salesforce', this.#used, allowed);
    }
    this.#callsMade += 1;
    if (this.#used !== undefined) this.#used += 1;
  }

  snapshot(): BudgetSnapshot {
    return { used: this.#used, limit: this.#limit, allowed: this.allowed };
  }

  usage(): ApiUsage {
    const allowed = this.allowed;
    return {
      system: 'salesforce',
      callsMade: this.#callsMade,
      ...(this.#used === undefined ? {} : { dailyUsed: this.#used }),
      ...(this.#limit === undefined ? {} : { dailyLimit: this.#limit }),
      ...(allowed === undefined || this.#used === undefined
        ? {}
        : { budgetRemaining: Math.max(0, allowed - this.#used) }),
    };
  }
}
