import { describe, expect, it } from '@jest/globals';
import {
  SoqlError,
  and,
  condition,
  selectSoql,
  soqlDateTime,
  soqlField,
  soqlIdentifier,
  soqlIn,
  soqlString,
} from '../../../connectors/salesforce/soql.ts';

describe('SOQL string literals', () => {
  it('escapes a quote so it cannot close the literal', () => {
    expect(soqlString("' OR Name != '")).toBe("'\\' OR Name != \\''");
  });

  it("escapes the backslash before the quote, so \\' cannot smuggle a quote out", () => {
    // Input: backslash + quote. Escaped: \\ (a literal backslash) then \' (a literal quote).
    expect(soqlString("\\'")).toBe("'\\\\\\''");
    expect(soqlString('\\')).toBe("'\\\\'");
    expect(soqlString("x\\' OR Id != '")).toBe("'x\\\\\\' OR Id != \\''");
  });

  it('escapes newlines, carriage returns, tabs, bell, form feed and double quotes', () => {
    expect(soqlString('a\nb\rc\td\be\ff"g')).toBe("'a\\nb\\rc\\td\\be\\ff\\\"g'");
  });

  it('writes other control characters as \\uXXXX', () => {
    expect(soqlString('a\u0000b\u001fc\u007f')).toBe("'a\\u0000b\\u001fc\\u007f'");
  });

  it('keeps unicode as it is, astral characters included', () => {
    expect(soqlString('Zoë 山田 😀')).toBe("'Zoë 山田 😀'");
  });

  it('refuses a lone surrogate instead of sending something else', () => {
    expect(() => soqlString('bad \ud800 value')).toThrow(SoqlError);
  });

  it('never lets a hostile value end the literal early', () => {
    const hostile = [
      "' OR Name != '",
      "\\' OR '1'='1",
      '\\',
      "'; DELETE",
      "\\\\'",
      "\n' OR Id != '",
    ];
    for (const value of hostile) {
      const literal = soqlString(value).slice(1, -1);
      // Every quote inside the literal is preceded by an odd number of backslashes.
      for (const match of literal.matchAll(/(\\*)'/g)) expect(match[1]!.length % 2).toBe(1);
    }
  });
});

describe('SOQL identifiers and other literals', () => {
  it('accepts API names and relationship paths', () => {
    expect(soqlIdentifier('LeadLoop_Id__c')).toBe('LeadLoop_Id__c');
    expect(soqlField('Owner.Email')).toBe('Owner.Email');
  });

  it.each(['Email, Id', 'Id FROM User--', "Name'", '1Field', '', 'Owner.', 'a b', 'Field_'])(
    'rejects %j as a field name',
    (name) => {
      expect(() => soqlField(name)).toThrow(SoqlError);
    },
  );

  it('writes dateTimes in UTC at second precision', () => {
    expect(soqlDateTime('2026-03-01T10:15:30.999+02:00')).toBe('2026-03-01T08:15:30Z');
    expect(() => soqlDateTime('yesterday')).toThrow(SoqlError);
  });

  it('quotes every IN value and refuses an empty list', () => {
    expect(soqlIn(['a@x.com', "o'neil@x.com"])).toBe("('a@x.com','o\\'neil@x.com')");
    expect(() => soqlIn([])).toThrow(SoqlError);
  });

  it('builds a whole query only from checked pieces', () => {
    const soql = selectSoql({
      fields: ['Id', 'Email', 'Owner.Email'],
      from: 'Lead',
      where: and(
        condition('SystemModstamp', '>=', soqlDateTime('2026-03-01T08:15:30Z')),
        condition('Email', 'IN', soqlIn(["x' OR Id != '"])),
      ),
      orderBy: ['SystemModstamp', 'Id'],
      limit: 10,
    });
    expect(soqlString('x')).toBe("'x'");
    expect(soql).toBe(
      "SELECT Id, Email, Owner.Email FROM Lead WHERE (SystemModstamp >= 2026-03-01T08:15:30Z) AND (Email IN ('x\\' OR Id != \\'')) ORDER BY SystemModstamp, Id LIMIT 10",
    );
    expect(() => selectSoql({ fields: ['Id'], from: 'Lead WHERE 1=1' })).toThrow(SoqlError);
  });
});
