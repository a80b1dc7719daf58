/**
 * Request accounting by system, method and read/write: how tests assert "a quiet cycle costs
 * one read and zero writes" and how benchmarks count API calls per record.
 */
export type SandboxSystem = 'salesforce' | 'hubspot';
export type RequestKind = 'read' | 'write' | 'auth' | 'admin';

export interface RequestCounts {
  total: number;
  read: number;
  write: number;
  auth: number;
  byMethod: Record<string, number>;
  /** Keyed by `METHOD normalized-path`, ids replaced by `:id`. */
  byRoute: Record<string, number>;
}

const emptyCounts = (): RequestCounts => ({
  total: 0,
  read: 0,
  write: 0,
  auth: 0,
  byMethod: {},
  byRoute: {},
});

/** Replaces record ids and numbers in a path so routes group: /sobjects/Lead/00Q... → /sobjects/Lead/:id */
export function normalizeRoute(path: string): string {
  return path
    .split('/')
    .map((segment) =>
      /^(?:[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18}|\d+)$/.test(segment) &&
      !/^v\d/.test(segment) &&
      /\d/.test(segment)
        ? ':id'
        : segment,
    )
    .join('/');
}

/**
 * `METHOD route` keys by method and path, remembered: batch endpoints send the same few paths
 * thousands of times, and normalising one tests three patterns per segment. Bounded, as paths
 * carrying ids are endless.
 */
const routeKeys = new Map<string, Map<string, string>>();
const MAX_REMEMBERED_PATHS = 1_000;

function routeKey(method: string, path: string): string {
  let byPath = routeKeys.get(method);
  if (byPath === undefined) routeKeys.set(method, (byPath = new Map()));
  let key = byPath.get(path);
  if (key === undefined) {
    key = `${method} ${normalizeRoute(path)}`;
    if (byPath.size >= MAX_REMEMBERED_PATHS) byPath.clear();
    byPath.set(path, key);
  }
  return key;
}

export class RequestAccounting {
  #counts: Record<SandboxSystem, RequestCounts> = {
    salesforce: emptyCounts(),
    hubspot: emptyCounts(),
  };

  record(system: SandboxSystem, method: string, path: string, kind: RequestKind): void {
    if (kind === 'admin') return;
    const counts = this.#counts[system];
    counts.total += 1;
    counts[kind] += 1;
    counts.byMethod[method] = (counts.byMethod[method] ?? 0) + 1;
    const route = routeKey(method, path);
    counts.byRoute[route] = (counts.byRoute[route] ?? 0) + 1;
  }

  snapshot(): Record<SandboxSystem, RequestCounts> {
    return structuredClone(this.#counts);
  }

  reset(): void {
    this.#counts = { salesforce: emptyCounts(), hubspot: emptyCounts() };
  }
}
