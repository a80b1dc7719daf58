/**
 * One CRM record (contact, company or deal). Seeded records keep only their seed coordinates
 * and compute seeded property values on demand, so a million seeded contacts cost a few dozen
 * bytes each; values written later live in `values` and win over the seeded ones.
 */
/** Who wrote a value; one object is shared by every entry a request writes. */
export interface HistorySource {
  /** INTEGRATION (a private app), CRM_UI (a user in HubSpot), ANALYTICS, FORM, CALCULATED, ... */
  readonly sourceType: string;
  readonly sourceId?: string | undefined;
  readonly updatedByUserId?: number | undefined;
}

export interface HistoryEntry {
  readonly value: string;
  readonly timestamp: number;
  readonly source: HistorySource;
}

/** One batch stamps every record with the same instant: convert it to ISO once. */
let lastMs = Number.NaN;
let lastIso = '';
export function isoOf(ms: number): string {
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
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
  history: Map<string, PropertyHistory> | null = null;
  readonly seedBatch: SeedBatch | null;
  /** Index of the seeded person (contacts, companies, deals all derive from a person). */
  readonly seedIndex: number;
  searchView: SearchView | null = null;
  /** Links of the modstamp index's list of records written since seeding. */
  modPrev: CrmRecord | null = null;
  modNext: CrmRecord | null = null;
  modListed = false;
  /** ISO forms of the timestamps, kept because every answer repeats them. */
  #createdIso: [number, string] | null = null;
  #updatedIso: [number, string] | null = null;

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

  #idText: string | undefined;
  /** The id as HubSpot sends it (a string), made once. */
  idText(): string {
    return (this.#idText ??= String(this.id));
  }

  createdIso(): string {
    if (this.#createdIso === null || this.#createdIso[0] !== this.createdAt)
      this.#createdIso = [this.createdAt, isoOf(this.createdAt)];
    return this.#createdIso[1];
  }

  updatedIso(): string {
    if (this.#updatedIso === null || this.#updatedIso[0] !== this.updatedAt)
      this.#updatedIso = [this.updatedAt, isoOf(this.updatedAt)];
    return this.#updatedIso[1];
  }

  ownValue(name: string): string | undefined {
    return this.values === null ? undefined : this.values.get(name);
  }

  setOwnValue(name: string, value: string): void {
    (this.values ??= new Map()).set(name, value);
  }

  /**
   * Appends (oldest first) and trims in small bulks past the limit, so a write costs O(1) on
   * average; readers take the newest `limit` entries.
   */
  pushHistory(name: string, entry: HistoryEntry, limit: number): void {
    const history = (this.history ??= new Map());
    let entries = history.get(name);
    if (entries === undefined)
      history.set(name, (entries = { values: [], stamps: [], sources: [] }));
    entries.values.push(entry.value);
    entries.stamps.push(entry.timestamp);
    entries.sources.push(entry.source);
    if (entries.values.length >= limit + 16) {
      const drop = entries.values.length - limit;
      entries.values.splice(0, drop);
      entries.stamps.splice(0, drop);
      entries.sources.splice(0, drop);
    }
  }

  /** Written history of one property, newest first. */
  historyOf(name: string, limit: number): HistoryEntry[] {
    const entries = this.history?.get(name);
    if (entries === undefined) return [];
    const result: HistoryEntry[] = [];
    const last = entries.values.length - 1;
    for (let i = last; i >= 0 && i > last - limit; i -= 1)
      result.push({
        value: entries.values[i]!,
        timestamp: entries.stamps[i]!,
        source: entries.sources[i]!,
      });
    return result;
  }
}

/**
 * One property's written history as parallel arrays (oldest first): three array slots per
 * write instead of an object, which keeps the garbage collector quiet under batch load.
 */
interface PropertyHistory {
  readonly values: string[];
  readonly stamps: number[];
  readonly sources: HistorySource[];
}
