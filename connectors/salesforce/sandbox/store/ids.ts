/**
 * Salesforce record ids: a 3-character key prefix naming the object (00Q Lead, 003 Contact …),
 * two characters of pod, a reserved 0, a 9-character base-62 counter, then the 3-character
 * case-safe suffix that makes the 18-character form unique ignoring case. The base-62 digits are
 * in ASCII order, so ids of one object sort in creation order — as ORDER BY Id does.
 */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const POD = 'Dn0';

/** The case-safe suffix: one character per block of five, bit i set when char i is upper-case. */
export function caseSafeSuffix(id15: string): string {
  let suffix = '';
  for (let block = 0; block < 3; block += 1) {
    let bits = 0;
    for (let i = 0; i < 5; i += 1) {
      const code = id15.charCodeAt(block * 5 + i);
      if (code >= 65 && code <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX[bits];
  }
  return suffix;
}

/** Only ASCII letters and digits (what `/^[a-zA-Z0-9]*$/` tests, without the regex call per id). */
function lettersAndDigits(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (!((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)))
      return false;
  }
  return true;
}

/** Whether an 18-character id ends in the suffix of its first 15 (`caseSafeSuffix`, unbuilt). */
function hasOwnSuffix(id18: string): boolean {
  for (let block = 0; block < 3; block += 1) {
    let bits = 0;
    for (let i = 0; i < 5; i += 1) {
      const code = id18.charCodeAt(block * 5 + i);
      if (code >= 65 && code <= 90) bits |= 1 << i;
    }
    if (SUFFIX.charCodeAt(bits) !== id18.charCodeAt(15 + block)) return false;
  }
  return true;
}

export function to18(id15: string): string {
  return id15 + caseSafeSuffix(id15);
}

/** Character codes of the id being made (one id at a time: makeId does not re-enter). */
const idCodes = new Array<number>(18).fill(0);

/**
 * The id for counter value `n` of an object with `prefix`: the same characters as
 * `to18(prefix + POD + nine base-62 digits)`, built as codes and turned into one string (a
 * create makes an id per record; the piecewise concatenation made a dozen strings per id).
 */
export function makeId(prefix: string, n: number): string {
  for (let i = 0; i < 3; i += 1) idCodes[i] = prefix.charCodeAt(i);
  for (let i = 0; i < 3; i += 1) idCodes[3 + i] = POD.charCodeAt(i);
  let rest = n;
  for (let i = 14; i >= 6; i -= 1) {
    idCodes[i] = BASE62.charCodeAt(rest % 62);
    rest = Math.floor(rest / 62);
  }
  for (let block = 0; block < 3; block += 1) {
    let bits = 0;
    for (let i = 0; i < 5; i += 1) {
      const code = idCodes[block * 5 + i]!;
      if (code >= 65 && code <= 90) bits |= 1 << i;
    }
    idCodes[15 + block] = SUFFIX.charCodeAt(bits);
  }
  return String.fromCharCode(...idCodes);
}

/** The counter an 18-character id was made from (`makeId`'s `n`), or undefined. */
export function idCounter(id: string): number | undefined {
  if (id.length !== 18) return undefined;
  let n = 0;
  for (let i = 6; i < 15; i += 1) {
    const code = id.charCodeAt(i);
    const digit =
      code >= 48 && code <= 57
        ? code - 48
        : code >= 65 && code <= 90
          ? code - 55
          : code >= 97 && code <= 122
            ? code - 61
            : -1;
    if (digit < 0) return undefined;
    n = n * 62 + digit;
  }
  return n;
}

/**
 * The canonical 18-character id for an id as a client sent it, or undefined when it cannot be
 * one: 15 characters are taken as they are (case-sensitive); 18 characters must carry a suffix
 * that matches their first 15 once the suffix has restored the letters' case.
 */
export function canonicalId(raw: string): string | undefined {
  if (raw.length === 15 && lettersAndDigits(raw)) return to18(raw);
  if (raw.length !== 18 || !lettersAndDigits(raw)) return undefined;
  // Already canonical (an id as the org sent it): its own suffix describes its letters' case.
  if (hasOwnSuffix(raw)) return raw;
  const suffix = raw.slice(15).toUpperCase();
  let restored = '';
  for (let block = 0; block < 3; block += 1) {
    const bits = SUFFIX.indexOf(suffix[block]!);
    if (bits < 0) return undefined;
    for (let i = 0; i < 5; i += 1) {
      const char = raw[block * 5 + i]!;
      restored += bits & (1 << i) ? char.toUpperCase() : char.toLowerCase();
    }
  }
  const canonical = to18(restored);
  return canonical.slice(15) === suffix ? canonical : undefined;
}

export const keyPrefix = (id: string): string => id.slice(0, 3);
