import type { Request, Response } from 'express';
import type { FakeOrg, Row } from './fake-org.ts';
import { matches, parseSoql, SoqlSyntaxError } from './fake-soql.ts';

/** The fake org's query, queryAll and nextRecordsUrl endpoints (REST API guide, Query). */
export function query(org: FakeOrg, req: Request, res: Response): void {
  let query;
  try {
    query = parseSoql(String(req.query.q));
  } catch (error) {
    if (!(error instanceof SoqlSyntaxError)) throw error;
    res.status(400).json([{ errorCode: 'MALFORMED_QUERY', message: error.message }]);
    return;
  }
  const known = org.fields(query.object);
  const missing = query.fields.find(
    (field) => !known.has(field) && !known.has(`${field.split('.')[0]}Id`),
  );
  if (missing !== undefined) {
    res.status(400).json([
      {
        errorCode: 'INVALID_FIELD',
        message: `No such column '${missing}' on entity '${query.object}'`,
      },
    ]);
    return;
  }
  const all = req.path.endsWith('/queryAll');
  const rows = [...org.table(query.object).values()]
    .filter((row) => (all || row.IsDeleted !== true) && matches(row, query.where))
    .sort(
      (a, b) =>
        String(a.SystemModstamp).localeCompare(String(b.SystemModstamp)) ||
        String(a.Id).localeCompare(String(b.Id)),
    )
    .map((row) => project(org, query.object, row, query.fields));
  const size = Number(
    /batchSize=(\d+)/.exec(String(req.headers['sforce-query-options'] ?? ''))?.[1] ?? 2000,
  );
  page(org, res, rows, size);
}

function project(org: FakeOrg, object: string, row: Row, fields: readonly string[]): Row {
  const out: Row = {
    attributes: {
      type: object,
      url: `/services/data/v62.0/sobjects/${object}/${String(row.Id)}`,
    },
  };
  for (const field of fields) {
    const [parent, child] = field.split('.');
    if (child === undefined) out[field] = row[field] ?? null;
    else {
      const user =
        typeof row[`${parent}Id`] === 'string'
          ? org.table('User').get(String(row[`${parent}Id`]))
          : undefined;
      const current = (out[parent!] ??
        (user === undefined ? null : { attributes: { type: 'Name' } })) as Row | null;
      if (current !== null && user !== undefined) current[child] = user[child] ?? null;
      out[parent!] = current;
    }
  }
  return out;
}

function page(org: FakeOrg, res: Response, rows: Row[], size: number): void {
  const page = rows.slice(0, size);
  const rest = rows.slice(size);
  const body: Row = { totalSize: rows.length, done: rest.length === 0, records: page };
  if (rest.length > 0) {
    const locator = `01gFAKE${org.locators.size + 1}-${size}`;
    org.locators.set(locator, { rows: rest, size });
    body.nextRecordsUrl = `/services/data/v62.0/query/${locator}`;
  }
  res.json(body);
}

export function more(org: FakeOrg, req: Request, res: Response): void {
  const entry = org.locators.get(String(req.params.locator));
  if (entry === undefined)
    res
      .status(400)
      .json([{ errorCode: 'INVALID_QUERY_LOCATOR', message: 'invalid query locator' }]);
  else page(org, res, entry.rows, entry.size);
}
