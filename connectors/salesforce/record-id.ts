/**
 * Salesforce record ids: 15 case-sensitive characters, or 18 whose last three encode the case
 * of the first fifteen (one character per block of five, bit i set when character i is
 * upper-case, drawn from A–Z then 0–5). Salesforce accepts the 18-character form in any case
 * but rejects a whole query when one literal's suffix does not match ("invalid ID field"), so
 * an id that fails this check cannot exist and must not reach SOQL.
 */
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID15 = /^[A-Za-z0-9]{15}$/;
const ID18 = /^[A-Za-z0-9]{18}$/;

export function isSalesforceId(id: string): boolean {
  if (ID15.test(id)) return true;
  if (!ID18.test(id)) return false;
  for (let block = 0; block < 3; block += 1) {
    const bits = SUFFIX.indexOf(id[15 + block]!.toUpperCase());
    if (bits < 0) return false;
    // A set bit must sit on a letter (an upper-case one, once case is restored); a digit
    // under a set bit means the suffix belongs to another id.
    for (let i = 0; i < 5; i += 1) {
      if ((bits & (1 << i)) !== 0 && !/[A-Za-z]/.test(id[block * 5 + i]!)) return false;
    }
  }
  return true;
}
