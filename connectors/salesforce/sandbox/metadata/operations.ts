import { LIMITS } from '../config.ts';
import { SalesforceApiError } from '../http/errors.ts';
import { formatDateTime } from '../records/time.ts';
import type { SoapEndpoint, SoapOperation } from '../soap/route.ts';
import { child, list, text, type XmlNode, type XmlValue } from '../soap/xml.ts';
import type { SalesforceState } from '../state.ts';
import { removeComponent, saveComponent } from './components.ts';
import {
  METADATA_TYPES,
  type Component,
  type Definition,
  type DefinitionValue,
  type MetadataType,
} from './metadata-store.ts';

/**
 * The Metadata API calls leadloop setup makes (`/services/Soap/m/{version}`): readMetadata,
 * createMetadata, updateMetadata, upsertMetadata, deleteMetadata and listMetadata for
 * CustomField, ListView and PermissionSet. CRUD calls take at most 10 components.
 */
export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

/** XML element → plain definition (attributes such as xsi:type dropped). */
export function toDefinition(node: XmlNode): DefinitionValue {
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return node.map(toDefinition);
  if (node['@_nil'] === 'true') return '';
  const out: Definition = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@_')) continue;
    out[key === '#text' ? 'value' : key] = Array.isArray(value)
      ? value.map(toDefinition)
      : toDefinition(value);
  }
  return out;
}

function metadataType(raw: string | null | undefined): MetadataType | undefined {
  return METADATA_TYPES.find((type) => type === raw);
}

function limitComponents(count: number): void {
  if (count > LIMITS.metadataComponents) {
    throw new SalesforceApiError(
      500,
      'EXCEEDED_ID_LIMIT',
      `record limit reached. cannot submit more than ${LIMITS.metadataComponents} records in this operation`,
    );
  }
}

const errors = (statusCode: string, message: string) => ({ errors: { message, statusCode } });

export function metadataEndpoint(state: SalesforceState): SoapEndpoint {
  const write = (mode: 'create' | 'update' | 'upsert'): SoapOperation => ({
    kind: 'write',
    run: ({ args }) => {
      const items = list(child(args, 'metadata'));
      limitComponents(items.length);
      return items.map((item) => {
        const type = metadataType(
          typeof item === 'object' && !Array.isArray(item) ? String(item['@_type'] ?? '') : '',
        );
        const definition = toDefinition(item) as Definition;
        const fullName = typeof definition.fullName === 'string' ? definition.fullName : '';
        if (type === undefined)
          return {
            ...(mode === 'upsert' ? { created: false } : {}),
            ...errors(
              'INVALID_TYPE',
              'This type of metadata is not available for this organization',
            ),
            fullName,
            success: false,
          };
        const outcome = saveComponent(state, type, definition, mode);
        if ('statusCode' in outcome)
          return {
            ...(mode === 'upsert' ? { created: false } : {}),
            ...errors(outcome.statusCode, outcome.message),
            fullName,
            success: false,
          };
        return {
          ...(mode === 'upsert' ? { created: outcome.created } : {}),
          fullName: outcome.component.fullName,
          success: true,
        };
      }) as XmlValue;
    },
  });

  const operations: Record<string, SoapOperation> = {
    createMetadata: write('create'),
    updateMetadata: write('update'),
    upsertMetadata: write('upsert'),
    readMetadata: {
      kind: 'read',
      run: ({ args }) => {
        const type = metadataType(text(child(args, 'type')));
        const names = list(child(args, 'fullNames')).map((name) => text(name) ?? '');
        limitComponents(names.length);
        const records = names.map((name) => {
          const component = type === undefined ? undefined : state.metadata.get(type, name);
          return component === undefined
            ? null
            : ({
                '@type': component.type,
                ...(component.definition as Record<string, XmlValue>),
                fullName: component.fullName,
              } as XmlValue);
        });
        return { records } as XmlValue;
      },
    },
    deleteMetadata: {
      kind: 'write',
      run: ({ args }) => {
        const type = metadataType(text(child(args, 'type')));
        const names = list(child(args, 'fullNames')).map((name) => text(name) ?? '');
        limitComponents(names.length);
        return names.map((fullName) => {
          const problem =
            type === undefined
              ? {
                  statusCode: 'INVALID_TYPE',
                  message: 'This type of metadata is not available for this organization',
                }
              : removeComponent(state, type, fullName);
          return problem === undefined
            ? { fullName, success: true }
            : { ...errors(problem.statusCode, problem.message), fullName, success: false };
        }) as XmlValue;
      },
    },
    listMetadata: {
      kind: 'read',
      run: ({ args }) =>
        list(child(args, 'queries')).flatMap((query) => {
          const type = metadataType(text(child(query, 'type')));
          return type === undefined
            ? []
            : state.metadata.list(type).map((component) => fileProperties(state, component));
        }) as XmlValue,
    },
  };
  return {
    namespace: METADATA_NAMESPACE,
    faultNamespace: METADATA_NAMESPACE,
    limitHeader: false,
    operations,
  };
}

function fileProperties(state: SalesforceState, component: Component) {
  const object = component.fullName.split('.')[0];
  const integration = state.store('User')!.get(state.users.integration)!;
  const fileName =
    component.type === 'PermissionSet'
      ? `permissionsets/${component.fullName}.permissionset`
      : `objects/${object}.object`;
  return {
    createdById: integration.id,
    createdByName: String(integration.values.Name),
    createdDate: formatDateTime(component.createdAt).replace('.000+0000', '.000Z'),
    fileName,
    fullName: component.fullName,
    id: component.id,
    lastModifiedById: integration.id,
    lastModifiedByName: String(integration.values.Name),
    lastModifiedDate: formatDateTime(component.modifiedAt).replace('.000+0000', '.000Z'),
    manageableState: 'unmanaged',
    type: component.type,
  };
}
