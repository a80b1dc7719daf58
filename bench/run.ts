import { parseArgs } from 'node:util';
import { runBench, SECTIONS, type Section } from './lib/bench.ts';
import { benchTable } from './lib/table.ts';

/**
 * `npm run bench [-- --sizes 1000,10000 --engine 100000 --memory 10000,100000,1000000
 * --changes 200 --interval 5 --sla-leads 50 --only engine,sync]`: the benchmarks of issue 10. Results go to
 * bench/results/<timestamp>.json; the table goes to stdout. The machine is shared: figures are
 * noisy; compare runs, not single numbers.
 */
// The engine logs at info; the bench prints its own table.
process.env.LOG_LEVEL ??= 'warn';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000' },
    engine: { type: 'string', default: '100000' },
    memory: { type: 'string', default: '10000,100000,1000000' },
    changes: { type: 'string', default: '200' },
    interval: { type: 'string', default: '5' },
    'sla-leads': { type: 'string', default: '50' },
    only: { type: 'string', default: SECTIONS.join(',') },
  },
});
const numbers = (text: string) =>
  text
    .split(',')
    .filter((part) => part.trim() !== '')
    .map((part) => Number(part.replaceAll('_', '')));
const sections = values.only
  .split(',')
  .filter((s): s is Section => (SECTIONS as readonly string[]).includes(s));

const out = (line: string) => process.stdout.write(`${line}\n`);
const report = await runBench({
  engineLeads: Number(values.engine),
  sizes: numbers(values.sizes),
  memorySizes: numbers(values.memory),
  changes: Number(values.changes),
  pollIntervalMs: Number(values.interval) * 1000,
  slaLeads: Number(values['sla-leads']),
  sections,
  log: (line) => out(`… ${line}`),
});
out('');
out(benchTable(report));
out('');
out(
  `${report.machine.cores} cores (${report.machine.cpu ?? 'cpu'}), Node ${report.machine.node}; shared machine: figures are noisy`,
);
out(`results written to ${report.file}`);
