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
    const route = `${method} ${normalizeRoute(path)}`;
    counts.byRoute[route] = (counts.byRoute[route] ?? 0) + 1;
  }

  snapshot(): Record<SandboxSystem, RequestCounts> {
    return structuredClone(this.#counts);
  }

  reset(): void {
    this.#counts = { salesforce: emptyCounts(), hubspot: emptyCounts() };
  }
}
