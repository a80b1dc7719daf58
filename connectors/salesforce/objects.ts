import type { FieldDescription, ObjectDescription } from '../../src/sync/connector.ts';
import type { SalesforceClient } from './client.ts';
import { LEADLOOP_FIELD_NAMES, LEADLOOP_OBJECTS } from './custom-fields.ts';
import { SalesforceDescribeRaw } from './schemas.ts';

/**
 * Which fields leadloop reads from each object. The wanted list is intersected with the
 * org's describe, so a read before `setup` (no LeadLoop_* fields yet), an org without
 * multi-currency (no CurrencyIsoCode) or an object without IsDeleted (User) still works.
 */
export const PULL_OBJECTS = [
  'Lead',
  'Contact',
  'Opportunity',
  'OpportunityContactRole',
  'Task',
  'Event',
  'User',
] as const;

const STAMPS = ['Id', 'CreatedDate', 'SystemModstamp', 'IsDeleted'];
const PERSON = [
  'FirstName',
  'LastName',
  'Email',
  'Title',
  'Phone',
  'LeadSource',
  'OwnerId',
  'Owner.Name',
  'Owner.Email',
  'MasterRecordId',
];

const WANTED: Readonly<Record<string, readonly string[]>> = {
  Lead: [
    ...STAMPS,
    ...PERSON,
    'Company',
    'Country',
    'Status',
    'IsConverted',
    'ConvertedDate',
    'ConvertedContactId',
    'ConvertedAccountId',
    'ConvertedOpportunityId',
  ],
  Contact: [...STAMPS, ...PERSON, 'AccountId', 'MailingCountry'],
  Opportunity: [
    ...STAMPS,
    'Name',
    'StageName',
    'Amount',
    'CurrencyIsoCode',
    'CloseDate',
    'IsClosed',
    'IsWon',
    'AccountId',
    'OwnerId',
    'LeadSource',
    // Not standard, but the usual custom field for why a deal was lost (read when present).
    'Loss_Reason__c',
  ],
  OpportunityContactRole: [...STAMPS, 'OpportunityId', 'ContactId', 'Role', 'IsPrimary'],
  Task: [
    ...STAMPS,
    'WhoId',
    'WhatId',
    'Subject',
    'Status',
    'TaskSubtype',
    'ActivityDate',
    'IsClosed',
    'CompletedDateTime',
    'OwnerId',
    'CreatedById',
  ],
  Event: [
    ...STAMPS,
    'WhoId',
    'WhatId',
    'Subject',
    'StartDateTime',
    'EndDateTime',
    'ActivityDateTime',
    'OwnerId',
    'CreatedById',
  ],
  User: [...STAMPS, 'Name', 'Email', 'Username', 'IsActive', 'ManagerId'],
};

interface CompositeSubAnswer {
  readonly referenceId: string;
  readonly httpStatusCode: number;
  readonly body: unknown;
}
interface CompositeAnswer {
  readonly compositeResponse?: CompositeSubAnswer[];
}

export interface DescribedObject extends ObjectDescription {
  /** Relationship name → lookup field (`Owner` → `OwnerId`), for dotted paths. */
  readonly relationships: ReadonlyMap<string, string>;
}

function toDescription(raw: unknown): DescribedObject {
  const parsed = SalesforceDescribeRaw.parse(raw);
  const fields = new Map<string, FieldDescription>();
  const relationships = new Map<string, string>();
  for (const field of parsed.fields) {
    const values = (field.picklistValues ?? [])
      .filter((value) => value.active !== false)
      .map((value) => value.value);
    fields.set(field.name, {
      name: field.name,
      type: field.type,
      createable: field.createable,
      updateable: field.updateable,
      ...(field.type === 'picklist' || field.type === 'multipicklist'
        ? { picklist: { values, restricted: field.restrictedPicklist === true } }
        : {}),
    });
    if (field.relationshipName) relationships.set(field.relationshipName, field.name);
  }
  return { object: parsed.name, fields, relationships };
}

/**
 * Describe results cached for a while: a quiet cycle should cost one read per object, not two.
 * A miss describes every object leadloop reads that is not fresh, in one Composite call (one
 * call against the API limits for up to 25 describes), so a run starts with 1 call, not 7.
 */
export class ObjectCatalog {
  readonly #client: SalesforceClient;
  readonly #ttlMs: number;
  readonly #extra: Readonly<Record<string, readonly string[]>>;
  #cache = new Map<string, { at: number; value: Promise<DescribedObject> }>();

  constructor(
    client: SalesforceClient,
    extraFields: Readonly<Record<string, readonly string[]>> = {},
    ttlMs = 15 * 60_000,
  ) {
    this.#client = client;
    this.#extra = extraFields;
    this.#ttlMs = ttlMs;
  }

  describe(object: string): Promise<DescribedObject> {
    const cached = this.#fresh(object);
    if (cached !== undefined) return cached;
    // Without a cache to keep them (ttl 0), the other objects' answers would be thrown away.
    const stale =
      this.#ttlMs === 0
        ? []
        : PULL_OBJECTS.filter((other) => other !== object && this.#fresh(other) === undefined);
    if (stale.length === 0) return this.#remember(object, this.#describeOne(object));
    const batch = [object, ...stale];
    const answers = this.#client
      .call((conn) =>
        conn.request<CompositeAnswer>({
          method: 'POST',
          url: '/composite',
          body: JSON.stringify({
            compositeRequest: batch.map((name) => ({
              method: 'GET',
              url: `/services/data/v${conn.version}/sobjects/${name}/describe`,
              referenceId: name,
            })),
          }),
          headers: { 'Content-Type': 'application/json' },
        }),
      )
      .then(
        (answer) => answer.compositeResponse ?? [],
        () => [],
      );
    // A subrequest that failed (an object this user cannot see) is described alone, so its
    // error is the one a plain describe gives.
    for (const name of batch.slice(1)) void this.#remember(name, this.#fromBatch(answers, name));
    return this.#remember(object, this.#fromBatch(answers, object));
  }

  /** The cached describe of `object`, while it is younger than the ttl. */
  #fresh(object: string): Promise<DescribedObject> | undefined {
    const cached = this.#cache.get(object);
    return cached !== undefined && Date.now() - cached.at < this.#ttlMs ? cached.value : undefined;
  }

  async #fromBatch(answers: Promise<CompositeSubAnswer[]>, object: string) {
    const answer = (await answers).find((entry) => entry.referenceId === object);
    return answer?.httpStatusCode === 200 ? toDescription(answer.body) : this.#describeOne(object);
  }

  // GET /sobjects/{object}/describe — fields, types, createable/updateable, picklist values.
  #describeOne(object: string): Promise<DescribedObject> {
    return this.#client.call((conn) => conn.describe(object)).then(toDescription);
  }

  #remember(object: string, value: Promise<DescribedObject>): Promise<DescribedObject> {
    value.catch(() => this.#cache.delete(object));
    this.#cache.set(object, { at: Date.now(), value });
    return value;
  }

  /** Forget describes (after `setup` changed fields). */
  invalidate(): void {
    this.#cache.clear();
  }

  /** The fields to SELECT for `object`: wanted ∩ describe, `Id` and `SystemModstamp` first. */
  async readableFields(object: string): Promise<string[]> {
    const described = await this.describe(object);
    const wanted = [
      ...(WANTED[object] ?? STAMPS),
      ...((LEADLOOP_OBJECTS as readonly string[]).includes(object) ? LEADLOOP_FIELD_NAMES : []),
      ...(this.#extra[object] ?? []),
    ];
    const exists = (path: string) => {
      const [head, child] = path.split('.');
      if (child === undefined) return described.fields.has(path);
      return head !== undefined && described.relationships.has(head);
    };
    return [...new Set(['Id', 'SystemModstamp', ...wanted])].filter(exists);
  }
}
