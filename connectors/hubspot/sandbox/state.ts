import type { SandboxClock } from '../../../src/sandbox/clock.ts';
import { OBJECT_TYPES, type ObjectTypeName } from './config.ts';
import { silentEvents, type RecordEvents } from './objects/source.ts';
import { PropertyRegistry } from './properties/registry.ts';
import { seededValuesFor } from './seed/seeded-values.ts';
import { AssociationStore } from './store/associations.ts';
import { ObjectStore } from './store/object-store.ts';

/**
 * Everything the emulated portal holds: property definitions, the records of each object type,
 * associations, and the knobs tests turn (search indexing delay). Routes and admin endpoints
 * share one instance per sandbox.
 */
export class HubspotState {
  readonly registry = new PropertyRegistry();
  readonly associations = new AssociationStore();
  readonly stores: Readonly<Record<ObjectTypeName, ObjectStore>>;
  readonly clock: SandboxClock;
  events: RecordEvents = silentEvents;
  /** Search shows a write only this many ms after it happened (0: at once). */
  searchIndexingDelayMs = 0;
  /** How many seeded people each seed number has produced, so seeding again continues. */
  readonly seededPeople = new Map<number, number>();

  constructor(clock: SandboxClock) {
    this.clock = clock;
    this.stores = {
      contacts: new ObjectStore(OBJECT_TYPES.contacts, seededValuesFor('contacts')),
      companies: new ObjectStore(OBJECT_TYPES.companies, seededValuesFor('companies')),
      deals: new ObjectStore(OBJECT_TYPES.deals, seededValuesFor('deals')),
    };
  }

  now(): number {
    return this.clock.nowMs();
  }

  reset(): void {
    this.registry.reset();
    this.associations.clear();
    for (const store of Object.values(this.stores)) store.reset();
    this.searchIndexingDelayMs = 0;
    this.seededPeople.clear();
  }
}
