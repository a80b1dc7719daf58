import { frozenClock, systemClock, type Clock } from '../lead/clock.ts';
import { createAuditRepo } from './audit-repo.ts';
import { createCursorsRepo } from './cursors-repo.ts';
import type { Database } from './database.ts';
import { createDeadLettersRepo } from './dead-letters-repo.ts';
import { createFieldStateRepo } from './field-state-repo.ts';
import { createIdentityConflictsRepo } from './identity-conflicts-repo.ts';
import { createJobsRepo } from './jobs-repo.ts';
import { createLeadsRepo } from './leads-repo.ts';
import { createLinksRepo } from './links-repo.ts';
import { migrate, type MigrationReport } from './migrations.ts';
import { openDatabase, type StoreEnv } from './open-database.ts';
import type { PostgresOptions } from './postgres-driver.ts';
import { createClosedLoopRepo } from './closed-loop-repo.ts';
import { createOpportunitiesRepo } from './opportunities-repo.ts';
import type { RepoContext } from './rows.ts';
import { createRunsRepo } from './runs-repo.ts';
import { createSlaRepo } from './sla-repo.ts';
import { createStageHistoryRepo } from './stage-history-repo.ts';
import { createWebhookEventsRepo } from './webhook-events-repo.ts';

/**
 * The store: the database plus one small repository per table group. Repositories join the
 * current transaction on their own: `store.transaction(async () => { await store.leads…;
 * await store.cursors.save(…) })` commits both or neither.
 */
export function createStore(db: Database, clock: Clock = systemClock) {
  const context: RepoContext = { db, clock };
  return {
    db,
    leads: createLeadsRepo(context),
    links: createLinksRepo(context),
    fieldState: createFieldStateRepo(context),
    stageHistory: createStageHistoryRepo(context),
    sla: createSlaRepo(context),
    opportunities: createOpportunitiesRepo(context),
    closedLoop: createClosedLoopRepo(context),
    identityConflicts: createIdentityConflictsRepo(context),
    cursors: createCursorsRepo(context),
    runs: createRunsRepo(context),
    deadLetters: createDeadLettersRepo(context),
    audit: createAuditRepo(context),
    jobs: createJobsRepo(context),
    webhookEvents: createWebhookEventsRepo(context),
    transaction: <T>(fn: () => Promise<T>): Promise<T> => db.transaction(() => fn()),
    close: (): Promise<void> => db.close(),
  };
}
export type Store = ReturnType<typeof createStore>;

export interface OpenStoreOptions {
  readonly env: StoreEnv & { readonly LEADLOOP_NOW?: string | undefined };
  /** Defaults to `LEADLOOP_NOW` when set, else the system clock. */
  readonly clock?: Clock;
  readonly postgres?: PostgresOptions;
}

/** Opens the database `env` points at, brings its schema up to date, and builds the store. */
export async function openStore(
  options: OpenStoreOptions,
): Promise<Store & { migrations: MigrationReport }> {
  const { env } = options;
  const db = await openDatabase({
    env,
    ...(options.postgres === undefined ? {} : { postgres: options.postgres }),
  });
  try {
    const migrations = await migrate(db);
    const clock =
      options.clock ??
      (env.LEADLOOP_NOW === undefined ? systemClock : frozenClock(env.LEADLOOP_NOW));
    return { ...createStore(db, clock), migrations };
  } catch (error) {
    await db.close();
    throw error;
  }
}

export type { AdvisoryLock, Database, DatabaseKind, QueryResult } from './database.ts';
export { StoreError, isStoreError, isUniqueViolation, type StoreErrorCode } from './errors.ts';
export { loadMigrations, migrate, type Migration, type MigrationReport } from './migrations.ts';
export { openDatabase, type StoreEnv } from './open-database.ts';
export type { LeadRecord, NewLead, LeadChange } from './leads-repo.ts';
export type { LinkKey, LinkRecord, NewLink } from './links-repo.ts';
export type { FieldStateInput, FieldStateRecord } from './field-state-repo.ts';
export type { NewStageEntry, StageHistoryRecord } from './stage-history-repo.ts';
export type { NewSlaClock, SlaAlert, SlaClockChange, SlaClockRecord } from './sla-repo.ts';
export type { OpportunityInput, OpportunityRecord } from './opportunities-repo.ts';
export type { IdentityConflictRecord, NewIdentityConflict } from './identity-conflicts-repo.ts';
export type { CursorRecord } from './cursors-repo.ts';
export type { RunRecord } from './runs-repo.ts';
export type { DeadLetterRecord, NewDeadLetter } from './dead-letters-repo.ts';
export type { AuditRecord, NewAuditEntry } from './audit-repo.ts';
export type { ClaimOptions, FailOutcome, JobRecord, NewJob } from './jobs-repo.ts';
export type { WebhookEvent } from './webhook-events-repo.ts';
