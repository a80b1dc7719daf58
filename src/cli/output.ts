/**
 * The CLI's output layer: the one place that writes to stdout and stderr. Results go to
 * stdout, errors and diagnostics to stderr. Tests swap the sink to capture both.
 */
export interface OutputSink {
  out(text: string): void;
  err(text: string): void;
}

const processSink: OutputSink = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

let sink: OutputSink = processSink;

/** Routes all CLI output to `next` until the returned function restores the previous sink. */
export function setOutputSink(next: OutputSink): () => void {
  const previous = sink;
  sink = next;
  return () => {
    sink = previous;
  };
}

/** Raw text to stdout (commander's help goes through here). */
export function writeOut(text: string): void {
  sink.out(text);
}

/** Raw text to stderr. */
export function writeErr(text: string): void {
  sink.err(text);
}

/** One or more lines to stdout. */
export function print(...lines: string[]): void {
  sink.out(lines.length === 0 ? '\n' : `${lines.join('\n')}\n`);
}

/** One or more lines to stderr. */
export function printError(...lines: string[]): void {
  sink.err(`${lines.join('\n')}\n`);
}

/** Columns padded to their widest cell; the last column is not padded. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  indent = '  ',
): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, column) =>
    Math.max(...all.map((row) => (row[column] ?? '').length)),
  );
  const line = (row: readonly string[]) =>
    indent +
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
