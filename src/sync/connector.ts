import type { VendorErrorKind } from '../errors/leadloop-error.ts';
import { LeadloopError } from '../errors/leadloop-error.ts';

/**
 * The one port between the sync engine and a vendor (STYLE.md §1). `connectors/<vendor>/`
 * implements it; `src/sync` sees only these plain types. Vendor field names pass through
 * unchanged in `fields` — `src/mapping` turns them into lead fields with mappings/fields.yaml.
 */
export type SystemName = 'salesforce' | 'hubspot';
export const SYSTEM_NAMES = ['salesforce', 'hubspot'] as const satisfies readonly SystemName[];

/** A field value as leadloop handles it: vendors' strings parsed into plain JSON scalars. */
export type FieldValue = string | number | boolean | null;

/** One vendor record, validated at the connector edge and normalised. */
export interface SystemRecord {
  readonly system: SystemName;
  /** Vendor object name: 'Lead', 'Contact', 'Opportunity', 'Task', 'contacts', 'deals', ... */
  readonly object: string;
  readonly id: string;
  /** Record-level change time, ISO-8601 UTC (SystemModstamp / lastmodifieddate). */
  readonly modifiedAt: string;
  readonly createdAt?: string;
  /** Deleted (Salesforce IsDeleted through queryAll) or archived (HubSpot). */
  readonly deleted: boolean;
  /** Vendor field name → value. */
  readonly fields: Readonly<Record<string, FieldValue>>;
  /** Per-field change time where the vendor gives one (HubSpot property history). */
  readonly fieldChangedAt?: Readonly<Record<string, string>>;
  /** Per-field: was the last change made by leadloop itself (HubSpot sourceId = our app)? */
  readonly fieldChangedByLeadloop?: Readonly<Record<string, boolean>>;
  /** Ids this record absorbed in a merge (HubSpot hs_merged_object_ids, Salesforce MasterRecordId). */
  readonly mergedIds?: readonly string[];
}

/** One page of an incremental read. `cursor` is opaque to the engine and saved after the page commits. */
export interface PulledPage {
  readonly records: readonly SystemRecord[];
  readonly cursor: unknown;
  /** False when this page reached the end of the changes that existed at read time. */
  readonly hasMore: boolean;
}

export type WriteAction = 'create' | 'update' | 'upsert' | 'delete';

export interface WriteRequest {
  /** Caller's reference, echoed in the outcome (e.g. `${leadId}:salesforce:Lead`). */
  readonly ref: string;
  readonly action: WriteAction;
  /** Record id for update/delete. */
  readonly id?: string;
  /** Upsert key: vendor field name and value (e.g. LeadLoop_Id__c / leadloop_id / email). */
  readonly upsertKey?: { readonly field: string; readonly value: string };
  readonly fields: Readonly<Record<string, FieldValue>>;
  /**
   * Fields whose new value must stick even if the vendor treats it as a backward move
   * (HubSpot lifecyclestage is cleared first, in a separate request).
   */
  readonly forceFields?: readonly string[];
  /** Run the vendor's assignment rules on create (Salesforce `Sforce-Auto-Assign`). */
  readonly assign?: boolean;
}

export interface WriteFailure {
  readonly kind: VendorErrorKind;
  /** Vendor error code, e.g. INVALID_EMAIL_ADDRESS, PROPERTY_DOESNT_EXIST, 409. */
  readonly code: string;
  /** The vendor's own message, kept verbatim for dead letters. */
  readonly message: string;
  readonly fields?: readonly string[];
}

export type WriteOutcome =
  | { readonly ref: string; readonly ok: true; readonly id: string; readonly created: boolean }
  | { readonly ref: string; readonly ok: false; readonly error: WriteFailure };

export interface FieldDescription {
  readonly name: string;
  readonly type: string;
  readonly createable: boolean;
  readonly updateable: boolean;
  /** Allowed values for picklists/enumerations; `restricted` means others are rejected. */
  readonly picklist?: { readonly values: readonly string[]; readonly restricted: boolean };
}

export interface ObjectDescription {
  readonly object: string;
  readonly fields: ReadonlyMap<string, FieldDescription>;
}

export interface ApiUsage {
  readonly system: SystemName;
  /** Calls this process made since start. */
  readonly callsMade: number;
  /** Vendor-reported daily usage and limit, when known. */
  readonly dailyUsed?: number;
  readonly dailyLimit?: number;
  /** Calls leadloop may still spend today under its configured share. */
  readonly budgetRemaining?: number;
}

export interface Connector {
  readonly system: SystemName;
  /** Objects pulled every cycle, in dependency order (e.g. Lead, Contact, Opportunity, ...). */
  readonly pullObjects: readonly string[];
  /** Reads the next page of records changed since `cursor` (undefined = from the beginning). */
  readPage(object: string, cursor: unknown, options?: { pageSize?: number }): Promise<PulledPage>;
  /** Reads records by id (missing ids are simply absent from the result). */
  fetchByIds(object: string, ids: readonly string[]): Promise<SystemRecord[]>;
  /** Finds records by email, case-insensitively (identity step). */
  findByEmails(object: string, emails: readonly string[]): Promise<SystemRecord[]>;
  /**
   * Records whose `field` holds one of `values` (e.g. Salesforce Tasks by `WhoId`): how the SLA
   * job finds a reminder Task it may have created before a crash. Optional: a vendor without it
   * is simply not asked.
   */
  findByField?(object: string, field: string, values: readonly string[]): Promise<SystemRecord[]>;
  /** Writes in vendor-sized batches; one outcome per request, in input order. */
  write(object: string, requests: readonly WriteRequest[]): Promise<WriteOutcome[]>;
  describe(object: string): Promise<ObjectDescription>;
  usage(): ApiUsage;
  close(): Promise<void>;
}

/**
 * A whole call failed (not one record): network, auth, rate limit, budget. The engine's retry
 * policy switches on `kind`, never on the vendor.
 */
export class ConnectorError extends LeadloopError {
  readonly kind: VendorErrorKind;
  readonly system: SystemName;
  /** Vendor's suggested wait before retrying, when it gives one. */
  readonly retryAfterMs: number | undefined;

  constructor(
    system: SystemName,
    kind: VendorErrorKind,
    message: string,
    options: {
      code?: string;
      hint?: string;
      retryAfterMs?: number;
      cause?: unknown;
      details?: Record<string, unknown>;
    } = {},
  ) {
    super(options.code ?? `${system}.${kind}`, message, options);
    this.kind = kind;
    this.system = system;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Raised when leadloop's own share of the daily API limit is spent: stop cleanly, resume later. */
export class BudgetExhaustedError extends ConnectorError {
  constructor(system: SystemName, used: number, allowed: number) {
    super(
      system,
      'rate_limited',
      `${system}: leadloop's API budget for today is spent (${used} of ${allowed} calls)`,
      {
        code: 'budget.exhausted',
        hint: 'The sync stops cleanly and resumes when the daily window resets; raise the share in config/leadloop.yaml (budgets) to allow more.',
        details: { used, allowed },
      },
    );
  }
}

/** One line of `leadloop setup`: a custom field, property, permission or list view. */
export interface SetupItem {
  readonly system: SystemName;
  /** What was set up, e.g. `Lead.LeadLoop_Score__c`, `contacts.leadloop_score`, `PermissionSet LeadLoop_Integration`. */
  readonly name: string;
  readonly status: 'created' | 'updated' | 'exists' | 'failed';
  /** The vendor's message when it failed. */
  readonly message?: string;
}

/** One line of `leadloop doctor`: a check, its result and, when it failed, how to fix it. */
export interface DoctorCheck {
  readonly system: SystemName;
  readonly name: string;
  readonly status: 'ok' | 'warn' | 'fail';
  readonly detail: string;
  readonly fix?: string;
}

/** What a doctor run needs to know about the admin's mappings. */
export interface DoctorExpectations {
  /** Vendor object → fields leadloop reads or writes there. */
  readonly fields: Readonly<Record<string, readonly string[]>>;
  /** Vendor object → field → picklist values the mappings may write. */
  readonly picklistValues: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/** Budget settings a connector enforces (config/leadloop.yaml `budgets`). */
export interface ConnectorBudget {
  /** Maximum share (0–1) of the vendor's daily API limit leadloop may spend. */
  readonly dailyShare: number;
}
