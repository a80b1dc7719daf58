import type { ObjectStore } from '../store/object-store.ts';
import type { StoredRecord, Value } from '../store/record.ts';

/**
 * What an all-or-none request has written so far, so one failed record can roll back the
 * others (their ids stay burned, as on Salesforce).
 */
export class UndoLog {
  #steps: (() => void)[] = [];

  created(store: ObjectStore, record: StoredRecord): void {
    this.#steps.push(() => store.remove(record));
  }

  changed(store: ObjectStore, record: StoredRecord): void {
    const before: Record<string, Value> = { ...record.values };
    const wasDeleted = record.deleted;
    this.#steps.push(() => {
      record.deleted = wasDeleted;
      store.change(record, before);
    });
  }

  rollback(): void {
    for (let i = this.#steps.length - 1; i >= 0; i -= 1) this.#steps[i]!();
    this.#steps = [];
  }
}
