import { describe, expect, it } from '@jest/globals';
import { SandboxClock } from '../../../../src/sandbox/clock.ts';
import { seedPortal } from '../../../../connectors/hubspot/sandbox/seed/seed.ts';
import { HubspotState } from '../../../../connectors/hubspot/sandbox/state.ts';
import { apiSource } from '../../../../connectors/hubspot/sandbox/objects/source.ts';
import {
  applyValues,
  archiveRecord,
  createRecord,
} from '../../../../connectors/hubspot/sandbox/objects/write.ts';
import { mergeRecords } from '../../../../connectors/hubspot/sandbox/objects/merge.ts';

// The modstamp index answers "modified since" searches; it must agree with a full scan sorted
// by (lastmodifieddate, id) whatever mix of seeded records, writes, clock jumps and merges.
const SOURCE = apiSource(1);

function bruteForce(state: HubspotState, fromMs: number): number[] {
  const store = state.stores.contacts;
  return [...store.idsFrom(0)]
    .map((id) => store.get(id)!)
    .filter((record) => record.updatedAt >= fromMs)
    .sort((a, b) => a.updatedAt - b.updatedAt || a.id - b.id)
    .map((record) => record.id);
}

describe('HubSpot sandbox modstamp index', () => {
  it('agrees with a full scan after writes, clock jumps, creates, archives and merges', () => {
    const clock = new SandboxClock(() => Date.parse('2026-11-23T12:00:00.000Z'));
    const state = new HubspotState(clock);
    seedPortal(state, { count: 300, seed: 5 });
    const store = state.stores.contacts;
    const write = (id: number, title: string) =>
      applyValues(state, 'contacts', store.get(id)!, [['jobtitle', title]], SOURCE, clock.nowMs());

    write(10, 'CTO');
    clock.advance(1_000);
    write(250, 'CEO');
    write(3, 'CFO');
    clock.advance(-5_000); // a test moved the clock back: the index must still be ordered
    write(77, 'VP Sales');
    clock.advance(10_000);
    const created = createRecord(
      state,
      'contacts',
      [['email', 'new@lumen.net']],
      SOURCE,
      clock.nowMs(),
    );
    write(10, 'CEO');
    archiveRecord(state, 'contacts', store.get(120)!, SOURCE, clock.nowMs());
    mergeRecords(state, 'contacts', store.get(200)!, store.get(201)!, SOURCE, clock.nowMs());

    const stamps = [...store.idsFrom(0)]
      .map((id) => store.get(id)!.updatedAt)
      .sort((a, b) => a - b);
    for (const fromMs of [
      0,
      stamps[150]!,
      stamps[290]!,
      clock.nowMs() - 6_000,
      clock.nowMs(),
      clock.nowMs() + 1,
    ]) {
      expect([...store.modifiedSince(fromMs)]).toEqual(bruteForce(state, fromMs));
    }
    expect([...store.modifiedSince(clock.nowMs())]).toEqual(
      [10, created.id, 200].sort((a, b) => a - b),
    );
  });
});
