import type { Store } from '../store/index.ts';

/**
 * The demo's marketing: prospects who visit the site, open and click emails and fill in a
 * demo form (their HubSpot activity counters rise, as HubSpot analytics records them), and a
 * marketer who marks a few contacts MQL by hand. Edits go through the HubSpot sandbox as a
 * person or HubSpot itself would make them, so leadloop sees them as changes, not echoes.
 */
export class MarketingFloor {
  readonly #store: Store;
  readonly #sandboxUrl: string;
  #step = 0;
  engaged = 0;
  markedMql = 0;

  constructor(store: Store, sandboxUrl: string) {
    this.#store = store;
    this.#sandboxUrl = sandboxUrl;
  }

  /** One slice of the day: a few inquiries get active; every third slice a marketer marks one MQL. */
  async work(now: Date, perStep = 4): Promise<void> {
    this.#step += 1;
    const inquiries = await this.#store.leads.page({ stage: 'inquiry', limit: 200 });
    if (inquiries.length === 0) return;
    const chosen = [...Array(perStep).keys()].map(
      (index) => inquiries[(this.#step * 7 + index * 13) % inquiries.length]!,
    );
    const links = await this.#store.links.linksOfLeads(chosen.map((lead) => lead.id));
    for (const [index, lead] of chosen.entries()) {
      const contact = links.find((link) => link.leadId === lead.id && link.system === 'hubspot');
      if (contact === undefined) continue;
      const handRaiser = index === 0 && this.#step % 3 === 0;
      await this.#edit(
        contact.externalId,
        {
          hs_analytics_num_page_views: String(12 + ((this.#step + index) % 9) * 3),
          hs_analytics_num_visits: String(3 + ((this.#step + index) % 4)),
          hs_analytics_last_visit_timestamp: now.toISOString(),
          hs_email_open: String(4 + (index % 3)),
          hs_email_click: String(1 + (index % 4)),
          hs_email_last_open_date: now.toISOString(),
          num_conversion_events: String(1 + (index % 2)),
          recent_conversion_date: now.toISOString(),
        },
        'ANALYTICS',
      );
      this.engaged += 1;
      if (handRaiser) {
        await this.#edit(
          contact.externalId,
          { lifecyclestage: 'marketingqualifiedlead' },
          'CRM_UI',
        );
        this.markedMql += 1;
      }
    }
  }

  async #edit(id: string, properties: Record<string, string>, sourceType: string): Promise<void> {
    const answer = await fetch(`${this.#sandboxUrl}/__sandbox/hubspot/ui-edit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, properties, sourceType }),
    });
    if (!answer.ok)
      throw new Error(
        `HubSpot sandbox refused a demo edit: ${answer.status} ${await answer.text()}`,
      );
  }
}
