import cliProgress from 'cli-progress';
import type { SyncOptions } from '../../sync/run-sync.ts';

/**
 * A progress bar for long syncs, on an interactive terminal only (logs and pipes stay clean).
 * It counts records pulled and leads reconciled; the total grows as pages arrive, since an
 * incremental read cannot know how much changed before it has read it.
 */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): {
  onProgress: NonNullable<SyncOptions['onProgress']>;
  stop(): void;
} {
  if (!stream.isTTY) return { onProgress: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream, format: ' {phase} [{bar}] {value} records', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let done = 0;
  return {
    onProgress: (event) => {
      done += event.records;
      const phase =
        event.phase === 'pull' ? `pull ${event.system ?? ''} ${event.object ?? ''}` : 'reconcile';
      if (!started) {
        bar.start(Math.max(done, 1), done, { phase });
        started = true;
      }
      bar.setTotal(Math.max(done, bar.getTotal()));
      bar.update(done, { phase });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
