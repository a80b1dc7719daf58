import { OBJECT_TYPES, type ObjectTypeName } from '../config.ts';

/**
 * Associations between records (v4 API). HubSpot association types are directional: each
 * default type has an inverse (contact→company 279, company→contact 280), and creating one
 * direction creates the other.
 */
export interface AssociationType {
  readonly from: ObjectTypeName;
  readonly to: ObjectTypeName;
  readonly typeId: number;
  readonly inverseTypeId: number;
  /** null for the unlabeled default association; "Primary" for the primary company. */
  readonly label: string | null;
}

const pair = (
  from: ObjectTypeName,
  to: ObjectTypeName,
  typeId: number,
  inverseTypeId: number,
  label: string | null,
): AssociationType[] => [
  { from, to, typeId, inverseTypeId, label },
  { from: to, to: from, typeId: inverseTypeId, inverseTypeId: typeId, label },
];

export const ASSOCIATION_TYPES: readonly AssociationType[] = [
  ...pair('contacts', 'companies', 279, 280, null),
  ...pair('contacts', 'companies', 1, 2, 'Primary'),
  ...pair('deals', 'contacts', 3, 4, null),
  ...pair('deals', 'companies', 341, 342, null),
  ...pair('deals', 'companies', 5, 6, 'Primary'),
];

/** The unlabeled type used by `.../associations/default/...`. */
export function defaultType(from: ObjectTypeName, to: ObjectTypeName): AssociationType | undefined {
  return ASSOCIATION_TYPES.find(
    (type) => type.from === from && type.to === to && type.label === null,
  );
}

/**
 * The v3 name of a type, as `?associations=` answers show it: `contact_to_company` for the
 * primary company, `contact_to_company_unlabeled` for the plain one where both exist.
 */
export function v3TypeName(type: AssociationType): string {
  const name = `${OBJECT_TYPES[type.from].label}_to_${OBJECT_TYPES[type.to].label}`.toLowerCase();
  const hasPrimary = ASSOCIATION_TYPES.some(
    (t) => t.from === type.from && t.to === type.to && t.label !== null,
  );
  return type.label === null && hasPrimary ? `${name}_unlabeled` : name;
}

export function typeById(from: ObjectTypeName, typeId: number): AssociationType | undefined {
  return ASSOCIATION_TYPES.find((type) => type.from === from && type.typeId === typeId);
}

export interface AssociatedRecord {
  readonly toObjectId: number;
  readonly typeIds: readonly number[];
}

/** Links by direction ("contacts→companies"), then by the record they start from. */
type Links = Map<number, Map<number, number[]>>;

export class AssociationStore {
  readonly #directions = new Map<string, Links>();

  clear(): void {
    this.#directions.clear();
  }

  /** Adds `type` from one record to another and its inverse; returns false if it existed. */
  add(type: AssociationType, fromId: number, toId: number): boolean {
    const added = this.#addOne(this.#links(type.from, type.to), fromId, toId, type.typeId);
    this.#addOne(this.#links(type.to, type.from), toId, fromId, type.inverseTypeId);
    return added;
  }

  remove(from: ObjectTypeName, fromId: number, to: ObjectTypeName, toId: number): void {
    this.#links(from, to).get(fromId)?.delete(toId);
    this.#links(to, from).get(toId)?.delete(fromId);
  }

  /** Associated records in ascending id order. */
  list(from: ObjectTypeName, fromId: number, to: ObjectTypeName): AssociatedRecord[] {
    const links = this.#links(from, to).get(fromId);
    if (links === undefined) return [];
    return [...links.entries()]
      .map(([toObjectId, typeIds]) => ({ toObjectId, typeIds }))
      .sort((a, b) => a.toObjectId - b.toObjectId);
  }

  /** Moves every association of a merged-away record to the survivor. */
  moveAll(
    type: ObjectTypeName,
    fromId: number,
    survivorId: number,
    others: readonly ObjectTypeName[],
  ): void {
    for (const other of others) {
      for (const { toObjectId, typeIds } of this.list(type, fromId, other)) {
        for (const typeId of typeIds) {
          const association = ASSOCIATION_TYPES.find(
            (t) => t.from === type && t.to === other && t.typeId === typeId,
          );
          if (association !== undefined) this.add(association, survivorId, toObjectId);
        }
        this.remove(type, fromId, other, toObjectId);
      }
    }
  }

  #links(from: ObjectTypeName, to: ObjectTypeName): Links {
    const direction = `${from}>${to}`;
    let links = this.#directions.get(direction);
    if (links === undefined) this.#directions.set(direction, (links = new Map()));
    return links;
  }

  #addOne(links: Links, fromId: number, toId: number, typeId: number): boolean {
    let targets = links.get(fromId);
    if (targets === undefined) links.set(fromId, (targets = new Map()));
    const typeIds = targets.get(toId);
    if (typeIds === undefined) {
      targets.set(toId, [typeId]);
      return true;
    }
    if (typeIds.includes(typeId)) return false;
    typeIds.push(typeId);
    return true;
  }
}
