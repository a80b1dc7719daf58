import type { DeadLetterRecord } from '../store/dead-letters-repo.ts';
import type { SystemName } from './connector.ts';
import type { Engine } from './engine.ts';
import { runSync } from './run-sync.ts';

/**
 * `leadloop replay`: the dead letters' leads are reconciled again from what is known now (a
 * fixed mapping, a value corrected at its source), not by resending the old payload — so a replay
 * never writes a stale value over a newer one. Each letter ends resolved, failed again with
 * the vendor's new message, or resolved because there is nothing left to write.
 */
export interface ReplayOutcome {
  readonly id: number;
  readonly system: string;
  readonly object: string;
  readonly leadId: string | null;
  readonly result: 'resolved' | 'failed' | 'nothing_to_write';
  readonly message?: string;
}

export async function replayDeadLetters(
  engine: Engine,
  options: { ids?: readonly number[]; trigger?: string } = {},
): Promise<ReplayOutcome[]> {
  const { store } = engine;
  const letters = await selectLetters(engine, options.ids);
  if (letters.length === 0) return [];
  const leadIds = [
    ...new Set(letters.flatMap((letter) => (letter.leadId === null ? [] : [letter.leadId]))),
  ];
  await store.leads.markPending(leadIds);
  const planned = new Set<string>();
  // A pull first: a record fixed at its source since it failed is replayed with the fix.
  await runSync(engine, {
    trigger: options.trigger ?? 'replay',
    onPlan: (lead, _decision, plans) => {
      for (const plan of plans) planned.add(`${lead.lead.id}:${plan.system}`);
    },
  });
  const outcomes: ReplayOutcome[] = [];
  for (const letter of letters) {
    const now = await store.deadLetters.get(letter.id);
    const base = {
      id: letter.id,
      system: letter.system,
      object: letter.object,
      leadId: letter.leadId,
    };
    if (now?.resolvedAt !== null && now !== undefined) {
      outcomes.push({ ...base, result: 'resolved' });
    } else if (
      letter.leadId !== null &&
      !planned.has(`${letter.leadId}:${letter.system as SystemName}`)
    ) {
      await store.deadLetters.markResolved([letter.id], 'replayed: nothing left to write');
      outcomes.push({ ...base, result: 'nothing_to_write' });
    } else {
      outcomes.push({
        ...base,
        result: 'failed',
        message: now?.errorMessage ?? letter.errorMessage,
      });
    }
  }
  return outcomes;
}

async function selectLetters(
  engine: Engine,
  ids: readonly number[] | undefined,
): Promise<DeadLetterRecord[]> {
  if (ids !== undefined && ids.length > 0) {
    const found = await Promise.all(ids.map((id) => engine.store.deadLetters.get(id)));
    return found.filter(
      (letter): letter is DeadLetterRecord => letter !== undefined && letter.resolvedAt === null,
    );
  }
  const letters: DeadLetterRecord[] = [];
  let afterId: number | undefined;
  for (;;) {
    const page = await engine.store.deadLetters.listUnresolved({ afterId, limit: 500 });
    letters.push(...page);
    if (page.length < 500) return letters;
    afterId = page.at(-1)?.id;
  }
}
