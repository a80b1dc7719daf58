import { fork, type ChildProcess } from 'node:child_process';
import type { ChildReport } from './child.ts';

/** A measured child process (bench/lib/child.ts) and its reports, in order. */
export interface MeasuredChild {
  next(): Promise<ChildReport>;
  send(message: string): void;
  done(): Promise<void>;
}

export function startChild(args: readonly string[]): MeasuredChild {
  const child: ChildProcess = fork(new URL('./child.ts', import.meta.url), args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const reports: ChildReport[] = [];
  const waiting: ((report: ChildReport) => void)[] = [];
  let failure: Error | undefined;
  const failed: ((error: Error) => void)[] = [];
  child.on('message', (message) => {
    const report = message as ChildReport;
    const wake = waiting.shift();
    if (wake === undefined) reports.push(report);
    else wake(report);
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      if (code !== 0) {
        failure = new Error(`bench child ${args.join(' ')} ended with ${code ?? signal}`);
        for (const reject of failed) reject(failure);
      }
      resolve();
    });
  });
  return {
    next: () => {
      const ready = reports.shift();
      if (ready !== undefined) return Promise.resolve(ready);
      if (failure !== undefined) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        waiting.push(resolve);
        failed.push(reject);
      });
    },
    send: (message) => void child.send(message),
    done: () => exited,
  };
}
