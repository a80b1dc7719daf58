import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { sfError, startSalesforce, type JsonBody, type SalesforceHarness } from './support.ts';

/**
 * SOQL through jsforce's query(): select lists with relationship paths, COUNT(), every WHERE
 * form leadloop and admins write, ORDER BY … NULLS, LIMIT/OFFSET, and Salesforce's errors.
 */
const inbound = JSON.parse(
  readFileSync(
    new URL('../../../fixtures/salesforce/sandbox/leads-inbound.json', import.meta.url),
    'utf8',
  ),
) as Record<string, unknown>[];

describe('Salesforce sandbox: SOQL queries', () => {
  let sf: SalesforceHarness;
  let ids: string[] = [];
  let users: { integration: string; reps: string[]; queue: string };
  const names = async (soql: string) =>
    (await sf.conn.query<{ LastName: string }>(soql)).records.map((record) => record.LastName);

  beforeAll(async () => {
    sf = await startSalesforce();
    await sf.admin('/clock', { now: '2026-11-24T10:00:00.000Z' });
    users = (await sf.admin('/salesforce/stats', undefined, 'GET')).body.users;
    const results = await sf.conn
      .sobject('Lead')
      .create(inbound, { headers: { 'Sforce-Auto-Assign': 'FALSE' } });
    ids = results.map((result) => result.id!);
    // Priya belongs to a rep, Ana to the lead queue; the rest to the integration user.
    await sf.conn.sobject('Lead').update(
      [
        { Id: ids[3]!, OwnerId: users.reps[1]! },
        { Id: ids[5]!, OwnerId: users.queue },
      ],
      {
        headers: { 'Sforce-Auto-Assign': 'FALSE' },
      },
    );
  });
  afterAll(() => sf.server.close());

  it('returns the vendor shape with attributes, canonical field names and nested relationships', async () => {
    const result = await sf.conn.query(
      `select id, lastname, owner.name, OWNER.email, ConvertedContact.Email, createddate FROM lead WHERE Id = '${ids[3]}'`,
    );
    expect(result).toEqual({
      totalSize: 1,
      done: true,
      records: [
        {
          attributes: { type: 'Lead', url: `/services/data/v62.0/sobjects/Lead/${ids[3]}` },
          Id: ids[3],
          LastName: 'Raman',
          Owner: {
            attributes: {
              type: 'Name',
              url: `/services/data/v62.0/sobjects/User/${users.reps[1]}`,
            },
            Name: 'Casey Morgan',
            Email: 'casey.morgan@acme-sandbox.example',
          },
          ConvertedContact: null,
          CreatedDate: '2026-11-24T10:00:00.000+0000',
        },
      ],
    });
  });

  it('reads a queue owner through the polymorphic Owner relationship', async () => {
    const result = await sf.conn.query<JsonBody>(
      `SELECT Owner.Name, Owner.Type FROM Lead WHERE Id = '${ids[5]}'`,
    );
    expect(result.records[0].Owner).toEqual({
      attributes: { type: 'Name', url: `/services/data/v62.0/sobjects/Group/${users.queue}` },
      Name: 'Unassigned Leads',
      Type: 'Queue',
    });
  });

  it('counts with COUNT()', async () => {
    const result = await sf.conn.query(
      "SELECT COUNT() FROM Lead WHERE Status = 'Open - Not Contacted'",
    );
    expect(result).toEqual({ totalSize: 3, done: true, records: [] });
  });

  it('filters with AND, OR, NOT and parentheses', async () => {
    expect(
      await names(
        "SELECT LastName FROM Lead WHERE Status = 'Working - Contacted' AND Rating = 'Hot'",
      ),
    ).toEqual(['Müller']);
    expect(
      await names(
        "SELECT LastName FROM Lead WHERE Rating = 'Cold' OR Country = 'Brazil' ORDER BY LastName",
      ),
    ).toEqual(['Raman', 'Silva']);
    expect(
      await names(
        "SELECT LastName FROM Lead WHERE (Rating = 'Hot' OR Rating = 'Warm') AND NOT (Country = 'Germany') ORDER BY LastName",
      ),
    ).toEqual(["O'Brien", 'Silva', 'Webb']);
    expect(
      await names("SELECT LastName FROM Lead WHERE NOT Status != 'Closed - Not Converted'"),
    ).toEqual(['Raman']);
  });

  it('refuses AND and OR mixed on one level without parentheses, as SOQL does', async () => {
    const error = await sfError(() =>
      sf.conn.query(
        "SELECT Id FROM Lead WHERE Rating = 'Hot' AND Country = 'Ireland' OR Rating = 'Cold'",
      ),
    );
    expect(error.errorCode).toBe('MALFORMED_QUERY');
    expect(error.message).toBe(
      `\nSELECT Id FROM Lead WHERE Rating = 'Hot' AND Country = 'Ireland' OR Rating = 'Cold'\n${' '.repeat(65)}^\nERROR at Row:1:Column:66\nunexpected token: 'OR'`,
    );
  });

  it('compares with = != <> < <= > >= on numbers, and ignores case on text', async () => {
    expect(
      await names(
        'SELECT LastName FROM Lead WHERE NumberOfEmployees > 120 ORDER BY NumberOfEmployees',
      ),
    ).toEqual(["O'Brien", 'Müller']);
    expect(
      await names(
        'SELECT LastName FROM Lead WHERE NumberOfEmployees >= 120 ORDER BY NumberOfEmployees',
      ),
    ).toEqual(['Webb', "O'Brien", 'Müller']);
    expect(await names('SELECT LastName FROM Lead WHERE NumberOfEmployees < 120')).toEqual([
      'Silva',
    ]);
    expect(
      await names('SELECT LastName FROM Lead WHERE NumberOfEmployees <= 120 ORDER BY LastName'),
    ).toEqual(['Silva', 'Webb']);
    expect(await names("SELECT LastName FROM Lead WHERE Company = 'NORTHWIND TRADERS'")).toEqual([
      "O'Brien",
    ]);
    expect(
      await names(
        "SELECT LastName FROM Lead WHERE Rating <> 'hot' AND Rating != null ORDER BY LastName",
      ),
    ).toEqual(['Raman', 'Silva', 'Webb']);
    expect(await names('SELECT LastName FROM Lead WHERE AnnualRevenue = 42000000')).toEqual([
      "O'Brien",
    ]);
  });

  it('matches null with = null and keeps nulls for != and NOT IN', async () => {
    expect(await names('SELECT LastName FROM Lead WHERE Email = null')).toEqual(['Silva']);
    expect(
      await names("SELECT LastName FROM Lead WHERE Rating != 'Hot' ORDER BY LastName"),
    ).toEqual(['Back\\slash', 'Raman', 'Silva', 'Webb']);
    expect(
      await names(
        "SELECT LastName FROM Lead WHERE Rating NOT IN ('Hot', 'Warm') ORDER BY LastName",
      ),
    ).toEqual(['Back\\slash', 'Raman']);
    expect(
      await names("SELECT LastName FROM Lead WHERE Rating IN ('hot', 'COLD') ORDER BY LastName"),
    ).toEqual(['Müller', "O'Brien", 'Raman']);
  });

  it('matches LIKE with % and _ ignoring case, and \\% \\_ literally', async () => {
    expect(
      await names("SELECT LastName FROM Lead WHERE Email LIKE '%.EXAMPLE' AND Title LIKE 'head%'"),
    ).toEqual(['Webb']);
    expect(await names("SELECT LastName FROM Lead WHERE LastName LIKE 'W_bb'")).toEqual(['Webb']);
    expect(
      await names("SELECT LastName FROM Lead WHERE Company LIKE '%100\\% Cloud\\_Co'"),
    ).toEqual(['Back\\slash']);
    expect(
      await names("SELECT LastName FROM Lead WHERE Company LIKE '%100\\%_Cloud\\_Co'"),
    ).toEqual(['Back\\slash']);
    expect(await names("SELECT LastName FROM Lead WHERE Company LIKE 'Hooli 100_ Cloud%'")).toEqual(
      ['Back\\slash'],
    );
  });

  it('keeps hostile strings literal: escaped quotes, backslashes and injection attempts', async () => {
    expect(await names("SELECT LastName FROM Lead WHERE LastName = 'O\\'Brien'")).toEqual([
      "O'Brien",
    ]);
    expect(await names("SELECT LastName FROM Lead WHERE LastName = 'Back\\\\slash'")).toEqual([
      'Back\\slash',
    ]);
    expect(await names("SELECT LastName FROM Lead WHERE LastName = '\\' OR Name != \\''")).toEqual(
      [],
    );
    expect(await names("SELECT LastName FROM Lead WHERE FirstName = 'Zo\\u00eb'")).toEqual([
      'Müller',
    ]);
    const unterminated = await sfError(() =>
      sf.conn.query("SELECT Id FROM Lead WHERE LastName = 'O'Brien'"),
    );
    expect(unterminated.errorCode).toBe('MALFORMED_QUERY');
    expect(unterminated.message).toMatch(/ERROR at Row:1:Column:41\nunexpected token: 'Brien'$/);
    const badEscape = await sfError(() =>
      sf.conn.query("SELECT Id FROM Lead WHERE LastName = 'a\\qb'"),
    );
    expect(badEscape.message).toMatch(
      /Invalid string literal 'a\\qb'\. Illegal character sequence '\\q' in string literal\.$/,
    );
  });

  it('compares dates, datetimes (Z, +0000, +01:00), date literals and booleans', async () => {
    expect(
      await names(
        'SELECT LastName FROM Lead WHERE CreatedDate >= 2026-11-24T10:00:00Z AND IsConverted = false',
      ),
    ).toHaveLength(6);
    expect(
      await names('SELECT LastName FROM Lead WHERE CreatedDate > 2026-11-24T10:00:00.000+0000'),
    ).toEqual([]);
    expect(
      await names('SELECT LastName FROM Lead WHERE CreatedDate = 2026-11-24T11:00:00+01:00'),
    ).toHaveLength(6);
    expect(await names('SELECT LastName FROM Lead WHERE CreatedDate = TODAY')).toHaveLength(6);
    expect(await names('SELECT LastName FROM Lead WHERE CreatedDate < YESTERDAY')).toEqual([]);
    expect(
      await names(
        'SELECT LastName FROM Lead WHERE CreatedDate = LAST_N_DAYS:7 AND IsConverted = TRUE',
      ),
    ).toEqual([]);
    expect(await names('SELECT LastName FROM Lead WHERE ConvertedDate = 2026-11-24')).toEqual([]);
  });

  it('orders by several fields with ASC/DESC and NULLS FIRST/LAST, then pages with LIMIT and OFFSET', async () => {
    expect(
      await names('SELECT LastName FROM Lead ORDER BY Rating DESC NULLS FIRST, LastName ASC'),
    ).toEqual(['Back\\slash', 'Silva', 'Webb', 'Müller', "O'Brien", 'Raman']);
    expect(await names('SELECT LastName FROM Lead ORDER BY Rating, LastName DESC')).toEqual([
      'Back\\slash',
      'Raman',
      "O'Brien",
      'Müller',
      'Webb',
      'Silva',
    ]);
    expect(
      await names(
        'SELECT LastName FROM Lead ORDER BY Rating ASC NULLS LAST, LastName LIMIT 2 OFFSET 3',
      ),
    ).toEqual(['Silva', 'Webb']);
    expect(
      await names(
        'SELECT LastName FROM Lead ORDER BY Owner.Name DESC NULLS LAST, LastName LIMIT 2',
      ),
    ).toEqual(['Silva', 'Back\\slash']);
  });

  it('answers INVALID_FIELD, INVALID_TYPE and MALFORMED_QUERY with the query, a caret and the position', async () => {
    const column = await sfError(() => sf.conn.query('SELECT Id, Foo FROM Lead'));
    expect(column).toMatchObject({
      errorCode: 'INVALID_FIELD',
      message:
        "\nSELECT Id, Foo FROM Lead\n           ^\nERROR at Row:1:Column:12\nNo such column 'Foo' on entity 'Lead'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
    });
    const relationship = await sfError(() => sf.conn.query('SELECT Manager.Name FROM Lead'));
    expect(relationship.errorCode).toBe('INVALID_FIELD');
    expect(relationship.message).toMatch(
      /\nERROR at Row:1:Column:8\nDidn't understand relationship 'Manager' in field path\./,
    );
    const type = await sfError(() => sf.conn.query('SELECT Id FROM Leed'));
    expect(type).toMatchObject({
      errorCode: 'INVALID_TYPE',
      message:
        "\nSELECT Id FROM Leed\n               ^\nERROR at Row:1:Column:16\nsObject type 'Leed' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.",
    });
    const eof = await sfError(() => sf.conn.query('SELECT Id FROM'));
    expect(eof.message).toBe(
      "\nSELECT Id FROM\n              ^\nERROR at Row:1:Column:15\nunexpected token: '<EOF>'",
    );
  });

  it('checks literal types and ids like Salesforce', async () => {
    const quoted = await sfError(() =>
      sf.conn.query("SELECT Id FROM Lead WHERE CreatedDate > '2026-01-01'"),
    );
    expect(quoted.errorCode).toBe('INVALID_FIELD');
    expect(quoted.message).toMatch(
      /value of filter criterion for field 'CreatedDate' must be of type dateTime and should not be enclosed in quotes$/,
    );
    const badId = await sfError(() =>
      sf.conn.query("SELECT Id FROM Lead WHERE Id = '00Qnot-an-id'"),
    );
    expect(badId.errorCode).toBe('INVALID_QUERY_FILTER_OPERATOR');
    expect(badId.message).toMatch(/invalid ID field: 00Qnot-an-id$/);
    const offset = await sfError(() => sf.conn.query('SELECT Id FROM Lead LIMIT 10 OFFSET 2001'));
    expect(offset.errorCode).toBe('NUMBER_OUTSIDE_VALID_RANGE');
    const longText = await sfError(() =>
      sf.conn.query("SELECT Id FROM Lead WHERE Description = 'x'"),
    );
    expect(longText.message).toMatch(/field 'Description' can not be filtered in a query call$/);
  });

  it("runs the SOQL jsforce's query builder writes (find with conditions, sort, limit, '*')", async () => {
    const found = await sf.conn
      .sobject('Lead')
      .find({ Rating: { $in: ['Hot', 'Warm'] }, Email: { $like: '%.example' } }, ['LastName'])
      .sort({ LastName: -1 })
      .limit(2);
    expect(found.map((record) => record.LastName)).toEqual(['Webb', "O'Brien"]);
    const expanded = await sf.conn.sobject('Lead').find({ LastName: "O'Brien" }, '*');
    expect(expanded[0]).toMatchObject({
      LastName: "O'Brien",
      Company: 'Northwind Traders',
      IsConverted: false,
    });
  });

  it('accepts 15-character ids and ids of the other case form in filters', async () => {
    const id15 = ids[0]!.slice(0, 15);
    expect(
      await names(
        `SELECT LastName FROM Lead WHERE Id IN ('${id15}', '${ids[1]!.toLowerCase()}') ORDER BY LastName`,
      ),
    ).toEqual(["O'Brien", 'Webb']);
  });
});
