import type { SandboxClock } from '../../../../src/sandbox/clock.ts';
import { LIMITS } from '../config.ts';
import { makeId } from '../store/ids.ts';
import type { ResolvedQuery } from './resolve.ts';

/**
 * Server-side query cursors behind `nextRecordsUrl`: `/query/01g…-2000` is the cursor and the
 * offset of the next page. A user holds at most 10 open cursors (opening another closes the
 * least recently used), a cursor unused for 15 minutes is gone, and the last page closes it;
 * a gone cursor answers INVALID_QUERY_LOCATOR.
 */
export interface Cursor {
  readonly locator: string;
  readonly userId: string;
  readonly query: ResolvedQuery;
  readonly ids: readonly string[];
  readonly batchSize: number;
  readonly scanAll: boolean;
  /** The API version the query ran on: its rows' URLs and nextRecordsUrl keep it. */
  readonly version: string;
  lastUsed: number;
}

export class CursorStore {
  readonly #clock: SandboxClock;
  #cursors = new Map<string, Cursor>();
  #counter = 0;

  constructor(clock: SandboxClock) {
    this.#clock = clock;
  }

  open(input: Omit<Cursor, 'locator' | 'lastUsed'>): Cursor {
    this.#expire();
    const mine = [...this.#cursors.values()].filter((cursor) => cursor.userId === input.userId);
    if (mine.length >= LIMITS.openCursors) {
      const oldest = mine.reduce((a, b) => (a.lastUsed <= b.lastUsed ? a : b));
      this.#cursors.delete(oldest.locator);
    }
    this.#counter += 1;
    const cursor: Cursor = {
      ...input,
      locator: makeId('01g', 9_000_000 + this.#counter),
      lastUsed: this.#clock.nowMs(),
    };
    this.#cursors.set(cursor.locator, cursor);
    return cursor;
  }

  /** The cursor of a locator (`01g…`), if it is still open. */
  get(locator: string): Cursor | undefined {
    this.#expire();
    const cursor = this.#cursors.get(locator);
    if (cursor !== undefined) cursor.lastUsed = this.#clock.nowMs();
    return cursor;
  }

  close(locator: string): void {
    this.#cursors.delete(locator);
  }

  get size(): number {
    return this.#cursors.size;
  }

  clear(): void {
    this.#cursors.clear();
  }

  #expire(): void {
    const now = this.#clock.nowMs();
    for (const [locator, cursor] of this.#cursors) {
      if (now - cursor.lastUsed > LIMITS.cursorIdleMs) this.#cursors.delete(locator);
    }
  }
}
