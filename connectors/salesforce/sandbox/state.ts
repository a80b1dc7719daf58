import type { SandboxClock } from '../../../src/sandbox/clock.ts';
import { DEFAULT_DAILY_API_REQUESTS } from './config.ts';
import { ApiUsage } from './http/usage.ts';
import { SessionStore } from './http/sessions.ts';
import { MetadataStore } from './metadata/metadata-store.ts';
import { floorToSecond } from './records/time.ts';
import { SchemaRegistry } from './schema/registry.ts';
import { createOrgUsers, type OrgUsers } from './seed/org.ts';
import { CursorStore } from './soql/cursors.ts';
import { ObjectStore } from './store/object-store.ts';

/**
 * Everything the emulated org holds: schema, records per object, users, sessions, the daily
 * API allowance, query cursors, Metadata API components, and the knobs tests turn (lead
 * assignment). Routes, SOAP handlers and admin endpoints share one instance per sandbox.
 */
export interface SalesforceStateOptions {
  readonly staticTokens: readonly string[];
  readonly dailyApiRequests?: number;
}

export class SalesforceState {
  readonly clock: SandboxClock;
  readonly schema = new SchemaRegistry();
  readonly usage: ApiUsage;
  readonly sessions: SessionStore;
  readonly cursors: CursorStore;
  readonly metadata: MetadataStore;
  #stores = new Map<string, ObjectStore>();
  /** By canonical name (`Lead`), as clients usually spell it: no lower-casing per record. */
  #byName = new Map<string, ObjectStore>();
  #byPrefix = new Map<string, ObjectStore>();
  users!: OrgUsers;
  /** The org's active lead assignment rule: round-robin over the active sales reps. */
  assignment = { active: true, next: 0 };
  /** How many people each seed number has produced, so seeding again continues. */
  readonly seededPeople = new Map<number, number>();
  /** Seeded company name → its Account id (colleagues share one account). */
  readonly seededAccounts = new Map<string, string>();

  constructor(clock: SandboxClock, options: SalesforceStateOptions) {
    this.clock = clock;
    this.usage = new ApiUsage(clock, options.dailyApiRequests ?? DEFAULT_DAILY_API_REQUESTS);
    this.sessions = new SessionStore(options.staticTokens, () => this.users.integration);
    this.cursors = new CursorStore(clock);
    this.metadata = new MetadataStore();
    this.#build();
    this.sessions.reset();
  }

  /** Now on the sandbox clock, at the org's precision (whole seconds). */
  now(): number {
    return floorToSecond(this.clock.nowMs());
  }

  store(objectName: string): ObjectStore | undefined {
    return this.#byName.get(objectName) ?? this.#stores.get(objectName.toLowerCase());
  }

  storeForId(id: string): ObjectStore | undefined {
    return this.#byPrefix.get(id.slice(0, 3));
  }

  stores(): ObjectStore[] {
    return [...this.#stores.values()];
  }

  reset(): void {
    this.schema.reset();
    this.metadata.reset();
    this.cursors.clear();
    this.usage.reset();
    this.assignment = { active: true, next: 0 };
    this.seededPeople.clear();
    this.seededAccounts.clear();
    this.#build();
    this.sessions.reset();
  }

  #build(): void {
    this.#stores.clear();
    this.#byName.clear();
    this.#byPrefix.clear();
    for (const schema of this.schema.objects()) {
      const store = new ObjectStore(schema);
      this.#stores.set(schema.name.toLowerCase(), store);
      this.#byName.set(schema.name, store);
      this.#byPrefix.set(schema.def.keyPrefix, store);
    }
    this.users = createOrgUsers(this);
  }
}
