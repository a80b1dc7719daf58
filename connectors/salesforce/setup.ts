import type { Connection } from 'jsforce';
import type { MetadataType } from 'jsforce/lib/api/metadata.js';
import { ConnectorError, type SetupItem } from '../../src/sync/connector.ts';
import type { SalesforceClient } from './client.ts';
import {
  LEADLOOP_FIELDS,
  LEADLOOP_OBJECTS,
  PERMISSION_SET_NAME,
  type CustomFieldDefinition,
} from './custom-fields.ts';
import { fieldsOfView, leadloopListViews, listViewMatches, ListViewRaw } from './list-views.ts';
import {
  CustomFieldRaw,
  MetadataSaveResultRaw,
  PermissionSetRaw,
  customFieldMetadata,
  fieldDifferences,
  picklistValues,
} from './metadata.ts';

/**
 * `leadloop setup` for Salesforce: every LeadLoop_* field on Lead and Contact, then the
 * `LeadLoop_Integration` permission set granting read/edit on them, then the follow-up list
 * views (list-views.ts). Idempotent: each component is read first and only a missing or
 * insufficient one is written, so a second run reports everything as `exists` and changes
 * nothing.
 */
const CHUNK = 10; // readMetadata / upsertMetadata take at most 10 components per call.

interface Wanted {
  readonly fullName: string;
  readonly object: string;
  readonly field: CustomFieldDefinition;
}

const chunks = <T>(items: readonly T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, index) =>
    items.slice(index * CHUNK, (index + 1) * CHUNK),
  );

const toArray = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];

const item = (name: string, status: SetupItem['status'], message?: string): SetupItem => ({
  system: 'salesforce',
  name,
  status,
  ...(message === undefined ? {} : { message }),
});

async function readAll<T extends { fullName?: string | undefined }>(
  client: SalesforceClient,
  type: MetadataType,
  fullNames: readonly string[],
  parse: (raw: unknown) => T,
): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  for (const chunk of chunks(fullNames)) {
    // readMetadata: an unknown name comes back as an empty record (no fullName).
    const records = await client.call(async (conn: Connection) =>
      toArray(await conn.metadata.read(type, [...chunk])),
    );
    for (const record of records.map(parse)) {
      if (record.fullName !== undefined && record.fullName !== '')
        found.set(record.fullName, record);
    }
  }
  return found;
}

async function upsertAll(
  client: SalesforceClient,
  type: string,
  metadata: readonly Record<string, unknown>[],
): Promise<MetadataSaveResultRaw[]> {
  const results: MetadataSaveResultRaw[] = [];
  for (const chunk of chunks(metadata)) {
    const raw = await client.call(async (conn: Connection) =>
      toArray(await conn.metadata.upsert(type, chunk)),
    );
    results.push(...raw.map((entry) => MetadataSaveResultRaw.parse(entry)));
  }
  return results;
}

const vendorMessage = (result: MetadataSaveResultRaw | undefined) =>
  (result?.errors ?? [])
    .map((error) => (error.statusCode ? `${error.statusCode}: ${error.message}` : error.message))
    .join(' | ') || 'Salesforce did not say why';

export async function setupSalesforce(client: SalesforceClient): Promise<SetupItem[]> {
  const wanted: Wanted[] = LEADLOOP_OBJECTS.flatMap((object) =>
    LEADLOOP_FIELDS.map((field) => ({ fullName: `${object}.${field.name}`, object, field })),
  );
  const existing = await readAll(
    client,
    'CustomField',
    wanted.map((entry) => entry.fullName),
    (raw) => CustomFieldRaw.parse(raw),
  );

  const items = new Map<string, SetupItem>();
  const toWrite: { entry: Wanted; metadata: Record<string, unknown>; isNew: boolean }[] = [];
  for (const entry of wanted) {
    const current = existing.get(entry.fullName);
    if (current === undefined) {
      toWrite.push({
        entry,
        metadata: customFieldMetadata(entry.object, entry.field),
        isNew: true,
      });
      continue;
    }
    const differences = fieldDifferences(entry.field, current);
    if (differences.length === 0) items.set(entry.fullName, item(entry.fullName, 'exists'));
    else if (current.type !== entry.field.type) {
      // Changing a field's type can destroy data: an admin must decide.
      items.set(
        entry.fullName,
        item(
          entry.fullName,
          'failed',
          `Exists but ${differences.join('; ')}. Change or delete the field in Setup → Object Manager, then run setup again.`,
        ),
      );
    } else {
      toWrite.push({
        entry,
        metadata: customFieldMetadata(entry.object, entry.field, picklistValues(current)),
        isNew: false,
      });
    }
  }

  const results = await upsertAll(
    client,
    'CustomField',
    toWrite.map((write) => write.metadata),
  );
  toWrite.forEach(({ entry, isNew }, index) => {
    const result = results[index];
    items.set(
      entry.fullName,
      result?.success === true
        ? item(entry.fullName, isNew ? 'created' : 'updated')
        : item(entry.fullName, 'failed', vendorMessage(result)),
    );
  });

  const usable = wanted
    .filter((entry) => items.get(entry.fullName)?.status !== 'failed')
    .map((entry) => entry.fullName);
  return [
    ...wanted.map((entry) => items.get(entry.fullName)!),
    await setupPermissionSet(client, usable),
    ...(await setupListViews(client, new Set(usable))),
  ];
}

/** The follow-up list views; a view whose fields could not be set up is reported, not sent. */
async function setupListViews(
  client: SalesforceClient,
  fields: ReadonlySet<string>,
): Promise<SetupItem[]> {
  const views = leadloopListViews();
  const name = (fullName: string) => `ListView ${fullName}`;
  try {
    const existing = await readAll(
      client,
      'ListView',
      views.map((view) => view.fullName),
      (raw) => ListViewRaw.parse(raw),
    );
    const items = new Map<string, SetupItem>();
    const toWrite: { fullName: string; isNew: boolean; metadata: Record<string, unknown> }[] = [];
    for (const view of views) {
      const missing = fieldsOfView(view).filter((field) => !fields.has(field));
      const current = existing.get(view.fullName);
      if (missing.length > 0) {
        items.set(
          view.fullName,
          item(
            name(view.fullName),
            'failed',
            `Needs ${missing.join(', ')}, which setup could not create.`,
          ),
        );
      } else if (current !== undefined && listViewMatches(view, current)) {
        items.set(view.fullName, item(name(view.fullName), 'exists'));
      } else {
        toWrite.push({
          fullName: view.fullName,
          isNew: current === undefined,
          metadata: { ...view, columns: [...view.columns], filters: [...view.filters] },
        });
      }
    }
    const results = await upsertAll(
      client,
      'ListView',
      toWrite.map((write) => write.metadata),
    );
    toWrite.forEach(({ fullName, isNew }, index) => {
      const result = results[index];
      items.set(
        fullName,
        result?.success === true
          ? item(name(fullName), isNew ? 'created' : 'updated')
          : item(name(fullName), 'failed', vendorMessage(result)),
      );
    });
    return views.map((view) => items.get(view.fullName)!);
  } catch (error) {
    if (error instanceof ConnectorError && (error.kind === 'auth' || error.kind === 'rate_limited'))
      throw error;
    const message = error instanceof Error ? error.message : String(error);
    return views.map((view) => item(name(view.fullName), 'failed', message));
  }
}

/** Field-level security: without it the API user cannot see the fields setup just created. */
async function setupPermissionSet(
  client: SalesforceClient,
  fields: readonly string[],
): Promise<SetupItem> {
  const name = `PermissionSet ${PERMISSION_SET_NAME}`;
  try {
    const current = (
      await readAll(client, 'PermissionSet', [PERMISSION_SET_NAME], (raw) =>
        PermissionSetRaw.parse(raw),
      )
    ).get(PERMISSION_SET_NAME);
    const granted = new Set(
      (current?.fieldPermissions ?? [])
        .filter((grant) => grant.editable && grant.readable !== false)
        .map((grant) => grant.field),
    );
    const missing = fields.filter((field) => !granted.has(field));
    if (current !== undefined && missing.length === 0) return item(name, 'exists');
    const [result] = await upsertAll(client, 'PermissionSet', [
      {
        fullName: PERMISSION_SET_NAME,
        label: 'LeadLoop Integration',
        description:
          'Read and edit access to the LeadLoop fields, for the user leadloop signs in as.',
        // Every leadloop field, not only the missing ones: the result is the same whatever
        // the org's merge semantics for permission sets are.
        fieldPermissions: fields.map((field) => ({ field, editable: true, readable: true })),
      },
    ]);
    if (result?.success !== true) return item(name, 'failed', vendorMessage(result));
    return item(name, current === undefined ? 'created' : 'updated');
  } catch (error) {
    if (error instanceof ConnectorError && (error.kind === 'auth' || error.kind === 'rate_limited'))
      throw error;
    return item(name, 'failed', error instanceof Error ? error.message : String(error));
  }
}
