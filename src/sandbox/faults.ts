import { z } from 'zod';

/**
 * Fault injection for the next N requests matching a path: the way tests and benchmarks make
 * a sandbox misbehave like the vendor does on a bad day. Each vendor renders a fault in its
 * own wire format (Salesforce error arrays, HubSpot error bodies).
 */
export const FAULT_KINDS = [
  'rate_limit', // HubSpot 429 TEN_SECONDLY_ROLLING / Salesforce 403 REQUEST_LIMIT_EXCEEDED
  'daily_limit', // HubSpot 429 daily policy / Salesforce 403 REQUEST_LIMIT_EXCEEDED
  'server_error', // 500/503
  'hang', // accept the request and never answer (until the socket is closed)
  'unable_to_lock_row', // Salesforce per-record UNABLE_TO_LOCK_ROW
  'invalid_session', // 401 INVALID_SESSION_ID / HubSpot 401
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const FaultRuleSchema = z
  .object({
    kind: z.enum(FAULT_KINDS),
    /** Substring of the request path (without query) to match; empty matches everything. */
    path: z.string().default(''),
    method: z
      .string()
      .transform((m) => m.toUpperCase())
      .optional(),
    /** How many matching requests fail before the rule is used up. */
    count: z.number().int().min(1).max(1_000_000).default(1),
    /** For server_error: the status code to answer. */
    status: z.number().int().min(500).max(599).default(503),
  })
  .strict();
export type FaultRuleInput = z.input<typeof FaultRuleSchema>;
export type FaultRule = z.infer<typeof FaultRuleSchema>;

export interface ActiveFault {
  readonly kind: FaultKind;
  readonly status: number;
}

export class FaultInjector {
  #rules: { rule: FaultRule; remaining: number }[] = [];

  add(input: FaultRuleInput): FaultRule {
    const rule = FaultRuleSchema.parse(input);
    this.#rules.push({ rule, remaining: rule.count });
    return rule;
  }

  clear(): void {
    this.#rules = [];
  }

  pending(): { rule: FaultRule; remaining: number }[] {
    return this.#rules.map((entry) => ({ ...entry }));
  }

  /** The fault to apply to this request, if any; consumes one use of the first matching rule. */
  take(method: string, path: string): ActiveFault | undefined {
    const entry = this.#rules.find(
      ({ rule }) =>
        path.includes(rule.path) &&
        (rule.method === undefined || rule.method === method.toUpperCase()),
    );
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.#rules.splice(this.#rules.indexOf(entry), 1);
    return { kind: entry.rule.kind, status: entry.rule.status };
  }
}
