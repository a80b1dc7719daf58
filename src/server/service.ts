import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { jobHandlers } from '../jobs/handlers.ts';
import { JOB_KINDS } from '../jobs/job-kinds.ts';
import { configuredSchedules, createScheduler, type Scheduler } from '../jobs/scheduler.ts';
import { createJobWorker, type JobWorker, type JobWorkerOptions } from '../jobs/worker.ts';
import { logger } from '../log/logger.ts';
import { createApp, type AppOptions } from './app.ts';
import type { ReportSnapshotFn } from './ports.ts';

/**
 * The running service: the HTTP app, this replica's job worker and its scheduler. Several
 * replicas may run against one PostgreSQL: each tick is enqueued once and each job claimed by
 * one worker. `close()` (SIGTERM) stops accepting requests, stops ticking, lets the job in
 * flight finish (or releases it after the drain time) and then closes the HTTP server. The
 * store belongs to the caller, which closes it after.
 */
export interface ServiceOptions extends Omit<AppOptions, 'onJobQueued'> {
  /** Default 3000 (`PORT`); 0 picks a free port. */
  readonly port?: number;
  /** Default `0.0.0.0`; tests use `127.0.0.1`. */
  readonly host?: string;
  /** `schedules:` of config/leadloop.yaml; `false` runs no scheduler on this replica. */
  readonly schedules?:
    { sync: string; sla: string; reportSnapshot: string; timezone: string } | false;
  readonly reportSnapshot?: ReportSnapshotFn | undefined;
  /** Worker tuning; `false` runs no worker on this replica (an API-only replica). */
  readonly worker?: Omit<JobWorkerOptions, 'store' | 'handlers'> | false;
  /** Real-time interval of scheduler ticks (default 1 s). */
  readonly tickMs?: number;
}

export interface RunningService {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  readonly app: Express;
  readonly worker: JobWorker | undefined;
  readonly scheduler: Scheduler | undefined;
  close(): Promise<void>;
}

const log = logger('server.service');

function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => {
      if (error === undefined) resolve(server);
      else reject(error);
    });
  });
}

export async function startService(options: ServiceOptions): Promise<RunningService> {
  const { store, clock } = options;
  const worker =
    options.worker === false
      ? undefined
      : createJobWorker({
          ...options.worker,
          store,
          handlers: jobHandlers({
            store,
            sync: options.sync,
            reportSnapshot: options.reportSnapshot,
          }),
        });
  const onJobQueued = () => worker?.wake();

  let scheduler: Scheduler | undefined;
  if (options.schedules !== false && options.schedules !== undefined) {
    const schedules = configuredSchedules(options.schedules).filter(
      // Without a snapshot function there is nothing to run the snapshot tick.
      (s) => s.kind !== JOB_KINDS.reportSnapshot || options.reportSnapshot !== undefined,
    );
    scheduler = createScheduler({
      store,
      clock,
      schedules,
      timezone: options.schedules.timezone,
      onJobQueued,
      ...(options.tickMs === undefined ? {} : { tickMs: options.tickMs }),
    });
  }

  const app = createApp({ ...options, onJobQueued });
  const host = options.host ?? '0.0.0.0';
  const server = await listen(app, options.port ?? 3000, host);
  const { port } = server.address() as AddressInfo;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  worker?.start();
  scheduler?.start();
  log.info('service started', {
    url,
    worker: worker?.workerId,
    scheduler: scheduler !== undefined,
  });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      log.info('service stopping');
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await scheduler?.stop();
      await worker?.stop();
      await serverClosed;
      log.info('service stopped');
    })();
    return closing;
  };
  return { url, app, worker, scheduler, close };
}
