import type { Stage } from '../lead/stages.ts';
import type { StageMappings, StageTarget } from './stages-schema.ts';

/**
 * Pure lookups over `mappings/stages.yaml`: a system's stage value → leadloop stage, and
 * leadloop stage → what HubSpot's `lifecyclestage` should say. Undefined means "not mapped":
 * the caller decides (usually: leave the stage alone and report it).
 */

export function stageFromLifecycle(
  mappings: StageMappings,
  lifecycle: string,
): StageTarget | undefined {
  return own(mappings.hubspot.lifecyclestage, lifecycle);
}

export function stageFromLeadStatus(
  mappings: StageMappings,
  status: string,
): StageTarget | undefined {
  return own(mappings.salesforce.leadStatus, status);
}

/** An Opportunity's outcome from Salesforce's `IsClosed` / `IsWon` flags. */
export function stageFromOpportunity(
  mappings: StageMappings,
  opportunity: { isClosed: boolean; isWon: boolean },
): StageTarget {
  const { open, closedWon, closedLost } = mappings.salesforce.opportunity;
  if (!opportunity.isClosed) return open;
  return opportunity.isWon ? closedWon : closedLost;
}

/** The `lifecyclestage` value leadloop writes for a stage; undefined: leave HubSpot's as is. */
export function lifecycleForStage(mappings: StageMappings, stage: Stage): string | undefined {
  if (stage === 'recycled') return mappings.hubspot.recycledLifecycle;
  return mappings.hubspot.lifecycleFor[stage];
}

/** The reason a recycle carries: the reason field's value when filled, else the fixed text. */
export function recycleReason(
  target: StageTarget,
  record: Readonly<Record<string, unknown>>,
): string | undefined {
  if (target.reasonField !== undefined) {
    const value = record[target.reasonField];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return target.reason;
}

function own<T>(map: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}
