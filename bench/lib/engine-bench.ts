import type { LeadloopConfig } from '../../src/config/load-config.ts';
import { HUBSPOT_PROPERTIES, SALESFORCE_FIELDS } from '../../src/mapping/leadloop-fields.ts';
import type { SystemName, SystemRecord } from '../../src/sync/connector.ts';
import { decideLead } from '../../src/sync/decide-lead.ts';
import { desiredWrites } from '../../src/sync/desired.ts';
import { identifyPage } from '../../src/sync/identify.ts';
import { planWrite } from '../../src/sync/plan.ts';
import { BENCH_NOW, hubspotRecord, identityIndex, leadState } from './synthetic.ts';

/**
 * The engine without I/O: for each page of 200 leads, identify the page's HubSpot records
 * against a preloaded index, then per lead merge + decide (decideLead), what each system should
 * hold (desiredWrites) and the minimal write (planWrite) — the calls reconcilePage makes, in
 * its order (Salesforce first, then HubSpot with the new Lead's id). Inputs for a page are built
 * before its clock starts; only the pure steps are timed. One thread: one core.
 */
export interface EngineBenchResult {
  readonly leads: number;
  readonly ms: number;
  readonly leadsPerSecond: number;
  /** Milliseconds per step over the whole run. */
  readonly stepsMs: { identify: number; decide: number; desiredAndPlan: number };
  /** What the plans would send: deterministic for a given N (the smoke test checks them). */
  readonly identified: { linked: number; byEmail: number; new: number; conflicts: number };
  readonly writes: Record<SystemName, { create: number; update: number; unchanged: number }>;
}

const PAGE = 200;

const emailOf = (record: SystemRecord): string | undefined => {
  const value = record.fields[record.system === 'hubspot' ? 'email' : 'Email'];
  return typeof value === 'string' ? value : undefined;
};
const leadloopIdOf = (record: SystemRecord): string | undefined => {
  const value =
    record.fields[record.system === 'hubspot' ? HUBSPOT_PROPERTIES.id : SALESFORCE_FIELDS.id];
  return typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value) ? value : undefined;
};

export function benchEngine(config: LeadloopConfig, leads: number): EngineBenchResult {
  // Warm-up (JIT), not counted.
  runPages(config, Math.min(leads, 2_000), 10_000_000);
  return runPages(config, leads, 0);
}

function runPages(config: LeadloopConfig, leads: number, offset: number): EngineBenchResult {
  const stepsMs = { identify: 0, decide: 0, desiredAndPlan: 0 };
  const identified = { linked: 0, byEmail: 0, new: 0, conflicts: 0 };
  const writes = {
    salesforce: { create: 0, update: 0, unchanged: 0 },
    hubspot: { create: 0, update: 0, unchanged: 0 },
  };
  const nowIso = BENCH_NOW.toISOString();
  let newIds = 0;
  const options = {
    foldPlusAddressing: config.main.sync.identity.foldPlusAddresses,
    emailOf,
    leadloopIdOf,
    convertedToOf: () => undefined,
    newLeadId: () => `new-${(newIds += 1)}`,
  };
  for (let first = offset; first < offset + leads; first += PAGE) {
    const count = Math.min(PAGE, offset + leads - first);
    const records = Array.from({ length: count }, (_, i) => hubspotRecord(first + i));
    const index = identityIndex(first, count);
    const states = Array.from({ length: count }, (_, i) => leadState(first + i));

    let started = performance.now();
    const page = identifyPage(records, index, options);
    let ended = performance.now();
    stepsMs.identify += ended - started;
    for (const entry of page.identified) {
      if (entry.reason === 'link') identified.linked += 1;
      else if (entry.reason === 'email') identified.byEmail += 1;
      else if (entry.isNewLead) identified.new += 1;
    }
    identified.conflicts += page.conflicts.length;

    started = performance.now();
    const decisions = states.map((state) => decideLead(state, config, BENCH_NOW));
    ended = performance.now();
    stepsMs.decide += ended - started;

    // Per system, desired then plan for each lead, as reconcilePage does (Salesforce first,
    // then HubSpot with the new Leads' ids); timed per page and system, as one step: a clock
    // read per lead and step cost ~3 % of the engine's time.
    const createdIds = new Map<number, string>();
    for (const system of ['salesforce', 'hubspot'] as const) {
      started = performance.now();
      const plans = states.map((state, i) => {
        const desired = desiredWrites(
          state,
          decisions[i]!,
          config,
          nowIso,
          createdIds.get(i),
          system,
        )[system];
        return desired === undefined ? null : planWrite(desired.target, state.lead.id);
      });
      ended = performance.now();
      stepsMs.desiredAndPlan += ended - started;
      plans.forEach((plan, i) => {
        if (plan === null) return;
        if (plan === undefined) writes[system].unchanged += 1;
        else if (plan.request.action === 'update') writes[system].update += 1;
        else {
          writes[system].create += 1;
          if (system === 'salesforce') createdIds.set(i, `00Q5fNEW${String(i).padStart(10, '0')}`);
        }
      });
    }
  }
  const ms = stepsMs.identify + stepsMs.decide + stepsMs.desiredAndPlan;
  return {
    leads,
    ms: Math.round(ms),
    leadsPerSecond: Math.round((leads / ms) * 1_000),
    stepsMs: {
      identify: Math.round(stepsMs.identify),
      decide: Math.round(stepsMs.decide),
      desiredAndPlan: Math.round(stepsMs.desiredAndPlan),
    },
    identified,
    writes,
  };
}
