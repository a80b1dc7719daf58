import { createHash } from 'node:crypto';

/**
 * PostgreSQL advisory locks take a bigint; leadloop names its locks (`leadloop.migrations`,
 * `leadloop.leader`). The key is the first 63 bits of the name's SHA-256: stable across
 * versions and machines (unlike `hashtext`), non-negative so it reads back from `pg_locks`
 * as `classid << 32 | objid` without sign games.
 */
export function advisoryLockKey(name: string): bigint {
  const digest = createHash('sha256').update(name, 'utf8').digest();
  return digest.readBigUInt64BE(0) & 0x7fff_ffff_ffff_ffffn;
}

/** The two 32-bit halves `pg_locks` shows for a bigint advisory lock (`objsubid = 1`). */
export function advisoryLockHalves(key: bigint): { classid: number; objid: number } {
  return { classid: Number(key >> 32n), objid: Number(key & 0xffff_ffffn) };
}
