import { makeId } from '../store/ids.ts';

/**
 * Metadata API components the org holds, as their definitions were written (so readMetadata
 * returns what upsertMetadata stored): custom fields, list views, permission sets.
 */
export type MetadataType = 'CustomField' | 'ListView' | 'PermissionSet';
export const METADATA_TYPES: readonly MetadataType[] = ['CustomField', 'ListView', 'PermissionSet'];

/** A component's definition as plain values (strings, nested objects, arrays). */
export type Definition = { [key: string]: DefinitionValue };
export type DefinitionValue = string | Definition | DefinitionValue[];

export interface Component {
  readonly type: MetadataType;
  readonly id: string;
  fullName: string;
  definition: Definition;
  readonly createdAt: number;
  modifiedAt: number;
}

const PREFIX: Readonly<Record<MetadataType, string>> = {
  CustomField: '00N',
  ListView: '00B',
  PermissionSet: '0PS',
};

export class MetadataStore {
  #components = new Map<string, Component>();
  #counter = 0;

  static key(type: MetadataType, fullName: string): string {
    return `${type}:${fullName.toLowerCase()}`;
  }

  get(type: MetadataType, fullName: string): Component | undefined {
    return this.#components.get(MetadataStore.key(type, fullName));
  }

  put(
    type: MetadataType,
    fullName: string,
    definition: Definition,
    now: number,
  ): { component: Component; created: boolean } {
    const existing = this.get(type, fullName);
    if (existing !== undefined) {
      existing.definition = definition;
      existing.modifiedAt = now;
      return { component: existing, created: false };
    }
    this.#counter += 1;
    const component: Component = {
      type,
      id: makeId(PREFIX[type], 3_000_000 + this.#counter),
      fullName,
      definition,
      createdAt: now,
      modifiedAt: now,
    };
    this.#components.set(MetadataStore.key(type, fullName), component);
    return { component, created: true };
  }

  delete(type: MetadataType, fullName: string): boolean {
    return this.#components.delete(MetadataStore.key(type, fullName));
  }

  list(type: MetadataType): Component[] {
    return [...this.#components.values()].filter((component) => component.type === type);
  }

  reset(): void {
    this.#components.clear();
    this.#counter = 0;
  }
}
