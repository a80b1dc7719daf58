import { describe, expect, it } from '@jest/globals';
import {
  normalizeValue,
  observeField,
  recordWrite,
  sameValue,
  valueHash,
} from '../../src/sync/field-state.ts';

describe('field state: what counts as a change', () => {
  it('a field seen for the first time is new, at the change time given', () => {
    expect(observeField(undefined, ' VP Sales ', '2026-11-20T10:00:00Z')).toEqual({
      state: { seenValue: 'VP Sales', changedAt: '2026-11-20T10:00:00Z' },
      observation: 'new',
    });
  });

  it('the same value read again is unchanged, blanks and whitespace included', () => {
    const state = { seenValue: null, changedAt: '2026-11-20T10:00:00Z' };
    expect(observeField(state, '   ', '2026-11-21T00:00:00Z').observation).toBe('unchanged');
    expect(observeField({ seenValue: 'A', changedAt: 'x' }, 'A ', 'y').observation).toBe(
      'unchanged',
    );
  });

  it('reading back what leadloop wrote is an echo, keeping the propagated change time', () => {
    const written = recordWrite('Head of Growth', '2026-11-20T09:00:00Z');
    const movedOn = { ...written, seenValue: 'Something else', changedAt: '2026-11-20T09:30:00Z' };
    const result = observeField(movedOn, 'Head of Growth', '2026-11-20T10:00:00Z');
    expect(result.observation).toBe('echo');
    expect(result.state.changedAt).toBe('2026-11-20T09:00:00Z');
  });

  it('a value a person typed after leadloop wrote is a real change at the record time', () => {
    const written = recordWrite('Head of Growth', '2026-11-20T09:00:00Z');
    const result = observeField(written, 'CMO', '2026-11-20T11:00:00Z');
    expect(result.observation).toBe('changed');
    expect(result.state).toMatchObject({ seenValue: 'CMO', changedAt: '2026-11-20T11:00:00Z' });
    expect(result.state.writtenHash).toBe(written.writtenHash);
  });

  it('hashes are stable and type-aware', () => {
    expect(valueHash('72')).not.toBe(valueHash(72));
    expect(valueHash(' a ')).toBe(valueHash('a'));
    expect(valueHash('')).toBe(valueHash(null));
    expect(sameValue(true, 'true')).toBe(false);
    expect(normalizeValue(undefined)).toBeNull();
  });
});
