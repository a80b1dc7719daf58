/** The parsed form of a SOQL query (before field names are checked against the schema). */
export interface FieldPath {
  /** `['Owner', 'Email']` as written. */
  readonly parts: readonly string[];
  readonly at: number;
}

export type DateRangeName =
  | 'TODAY'
  | 'YESTERDAY'
  | 'TOMORROW'
  | 'LAST_N_DAYS'
  | 'NEXT_N_DAYS'
  | 'N_DAYS_AGO'
  | 'LAST_90_DAYS'
  | 'NEXT_90_DAYS'
  | 'THIS_WEEK'
  | 'LAST_WEEK'
  | 'NEXT_WEEK'
  | 'THIS_MONTH'
  | 'LAST_MONTH'
  | 'NEXT_MONTH'
  | 'THIS_YEAR'
  | 'LAST_YEAR'
  | 'NEXT_YEAR';

export type Literal =
  | { readonly kind: 'string'; readonly value: string; readonly at: number }
  | { readonly kind: 'number'; readonly value: number; readonly at: number }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly at: number }
  | { readonly kind: 'null'; readonly at: number }
  | { readonly kind: 'date'; readonly value: string; readonly at: number }
  | { readonly kind: 'datetime'; readonly value: number; readonly at: number }
  | {
      readonly kind: 'range';
      readonly name: DateRangeName;
      readonly n: number;
      readonly at: number;
    };

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Condition =
  | {
      readonly kind: 'compare';
      readonly field: FieldPath;
      readonly op: CompareOp;
      readonly value: Literal;
    }
  | { readonly kind: 'like'; readonly field: FieldPath; readonly pattern: Literal }
  | {
      readonly kind: 'in';
      readonly field: FieldPath;
      readonly values: readonly Literal[];
      readonly negated: boolean;
    }
  | { readonly kind: 'and' | 'or'; readonly conditions: readonly Condition[] }
  | { readonly kind: 'not'; readonly condition: Condition };

export interface OrderItem {
  readonly field: FieldPath;
  readonly descending: boolean;
  readonly nullsLast: boolean;
}

export type SelectItem =
  | { readonly kind: 'field'; readonly path: FieldPath }
  | { readonly kind: 'count'; readonly at: number };

export interface ParsedQuery {
  readonly select: readonly SelectItem[];
  readonly from: { readonly name: string; readonly at: number };
  readonly where?: Condition;
  readonly orderBy: readonly OrderItem[];
  readonly limit?: number;
  readonly offset?: { readonly value: number; readonly at: number };
}
