import type jsforce from 'jsforce';
import type { Store } from '../store/index.ts';
import { fateOf } from './fates.ts';

/**
 * The demo's sales team, working inside Salesforce the way reps do: a call logged as a Task and
 * the Lead Status moved on (or not, for leads nobody touches), then a conversion with an
 * opportunity that is later won or lost, or the lead sent back to marketing with a reason.
 */
const RECYCLE_REASONS = [
  'No budget this year',
  'Timing: revisit next quarter',
  'Chose a competitor',
];
const LOSS_REASONS = ['Price', 'Chose a competitor', 'No decision'];

export interface SalesFloorCounts {
  touched: number;
  converted: number;
  won: number;
  lost: number;
  recycled: number;
}

export class SalesFloor {
  readonly #store: Store;
  readonly #salesforce: jsforce.Connection;
  readonly #done = new Set<string>();
  /** Lead id → the opportunity its conversion opened, until it is closed. */
  readonly #opportunities = new Map<string, string>();
  readonly counts: SalesFloorCounts = { touched: 0, converted: 0, won: 0, lost: 0, recycled: 0 };

  constructor(store: Store, salesforce: jsforce.Connection) {
    this.#store = store;
    this.#salesforce = salesforce;
  }

  /** Everything reps do by `now` to the leads handed off since `since`. */
  async work(since: Date, now: Date): Promise<void> {
    const clocks = await this.#store.sla.handedOffBetween({
      from: since.toISOString(),
      to: now.toISOString(),
    });
    for (const clock of clocks) {
      const fate = fateOf(clock.leadId);
      if (fate.touchAfterMinutes === undefined) continue;
      const touchAt = Date.parse(clock.handoffAt) + fate.touchAfterMinutes * 60_000;
      const endAt = touchAt + fate.endAfterMinutes * 60_000;
      if (now.getTime() < touchAt) continue;
      // A converted lead's Salesforce Lead is gone from its links: its opportunity is not.
      if (now.getTime() >= endAt + fate.closeAfterMinutes * 60_000)
        await this.#close(fate.ending, clock.leadId);
      const links = await this.#store.links.linksOfLead(clock.leadId);
      const lead = links.find((link) => link.system === 'salesforce' && link.object === 'Lead');
      if (lead === undefined) continue;
      await this.#once(`${clock.leadId}:touch`, () => this.#touch(lead.externalId));
      if (now.getTime() < endAt) continue;
      await this.#once(`${clock.leadId}:end`, () =>
        this.#end(lead.externalId, fate.ending, clock.leadId),
      );
    }
  }

  async #once(key: string, action: () => Promise<void>): Promise<void> {
    if (this.#done.has(key)) return;
    this.#done.add(key);
    await action();
  }

  async #touch(leadId: string): Promise<void> {
    await this.#salesforce.sobject('Task').create({
      WhoId: leadId,
      Subject: 'Call: intro',
      Status: 'Completed',
      TaskSubtype: 'Call',
    });
    await this.#salesforce.sobject('Lead').update({ Id: leadId, Status: 'Working - Contacted' });
    this.counts.touched += 1;
  }

  async #end(
    leadId: string,
    ending: ReturnType<typeof fateOf>['ending'],
    key: string,
  ): Promise<void> {
    const pick = (list: readonly string[]) => list[key.charCodeAt(0) % list.length] ?? list[0]!;
    if (ending === 'working') return;
    if (ending === 'recycled') {
      await this.#salesforce.sobject('Lead').update({
        Id: leadId,
        Status: 'Closed - Not Converted',
        LeadLoop_Recycle_Reason__c: pick(RECYCLE_REASONS),
      });
      this.counts.recycled += 1;
      return;
    }
    const answer = await this.#salesforce.soap.convertLead({
      leadId,
      convertedStatus: 'Closed - Converted',
    });
    const converted = Array.isArray(answer) ? answer[0] : answer;
    this.counts.converted += 1;
    const opportunityId = converted?.opportunityId;
    if (typeof opportunityId === 'string' && ending !== 'converted_open')
      this.#opportunities.set(key, opportunityId);
  }

  /** Closes the opportunity a conversion opened, once (nothing before the conversion). */
  async #close(ending: ReturnType<typeof fateOf>['ending'], key: string): Promise<void> {
    const opportunityId = this.#opportunities.get(key);
    if (opportunityId === undefined) return;
    this.#opportunities.delete(key);
    const pick = (list: readonly string[]) => list[key.charCodeAt(0) % list.length] ?? list[0]!;
    await this.#salesforce.sobject('Opportunity').update({
      Id: opportunityId,
      Amount: 12_000 + (key.charCodeAt(1) % 40) * 1_500,
      StageName: ending === 'converted_won' ? 'Closed Won' : 'Closed Lost',
      ...(ending === 'converted_lost' ? { Description: `Lost: ${pick(LOSS_REASONS)}` } : {}),
    });
    this.counts[ending === 'converted_won' ? 'won' : 'lost'] += 1;
  }
}
