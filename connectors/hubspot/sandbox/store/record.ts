/**
 * One CRM record (contact, company or deal). Seeded records keep only their seed coordinates
 * and compute seeded property values on demand, so a million seeded contacts cost a few dozen
 * bytes each; values written later live in `values` and win over the seeded ones.
 */
export interface HistoryEntry {
  readonly value: string;
  readonly timestamp: number;
  /** INTEGRATION (a private app), CRM_UI (a user in HubSpot), ANALYTICS, FORM, CALCULATED, ... */
  readonly sourceType: string;
  readonly sourceId?: string;
  readonly updatedByUserId?: number;
}

/** Where seeded values come from: one batch of the seeded market. */
export interface SeedBatch {
  readonly seed: number;
  /** The seed clock's "now" when the batch was made; seeded dates count back from it. */
  readonly baseMs: number;
}

/** What search sees while a write is not yet indexed (HubSpot search lags writes). */
export interface SearchView {
  readonly exists: boolean;
  readonly archived: boolean;
  readonly updatedAt: number;
  readonly values: ReadonlyMap<string, string> | null;
  visibleAt: number;
}

export class CrmRecord {
  readonly id: number;
  createdAt: number;
  updatedAt: number;
  archived = false;
  archivedAt = 0;
  /** Written values; they override seeded ones. */
  values: Map<string, string> | null = null;
  /** Newest first, per property; only for values written after seeding. */
  history: Map<string, HistoryEntry[]> | null = null;
  readonly seedBatch: SeedBatch | null;
  /** Index of the seeded person (contacts, companies, deals all derive from a person). */
  readonly seedIndex: number;
  searchView: SearchView | null = null;

  constructor(
    id: number,
    createdAt: number,
    updatedAt: number,
    seedBatch: SeedBatch | null,
    seedIndex: number,
  ) {
    this.id = id;
    this.createdAt = createdAt;
    this.updatedAt = updatedAt;
    this.seedBatch = seedBatch;
    this.seedIndex = seedIndex;
  }

  ownValue(name: string): string | undefined {
    return this.values === null ? undefined : this.values.get(name);
  }

  setOwnValue(name: string, value: string): void {
    (this.values ??= new Map()).set(name, value);
  }

  pushHistory(name: string, entry: HistoryEntry, limit: number): void {
    const history = (this.history ??= new Map());
    const entries = history.get(name);
    if (entries === undefined) history.set(name, [entry]);
    else {
      entries.unshift(entry);
      if (entries.length > limit) entries.length = limit;
    }
  }
}
