import { createServer } from 'node:http';
import { parentPort } from 'node:worker_threads';

/**
 * The floor under the sandbox benchmark: a bare node:http server that reads each request body,
 * parses it (every JSON API must) and answers with a prepared copy of the sandbox's answer to
 * that request. What it reaches on this machine is the most any Node sandbox could; the
 * sandbox's figure beside it says how much of that its own work costs.
 */
export interface FloorAnswers {
  /** `METHOD /path` → the status and body the sandbox answered. */
  readonly answers: Record<string, { status: number; body: string }>;
}

let answers: FloorAnswers['answers'] = {};

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const text =
      chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
    if (text !== '') JSON.parse(text);
    const answer = answers[`${req.method} ${req.url}`];
    if (answer === undefined) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.statusCode = answer.status;
    res.setHeader('Content-Type', 'application/json;charset=UTF-8');
    res.setHeader('Content-Length', Buffer.byteLength(answer.body));
    res.end(answer.body);
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  parentPort!.postMessage(`http://127.0.0.1:${port}`);
});
parentPort!.on('message', (message: FloorAnswers | 'close') => {
  if (message === 'close') server.close(() => parentPort!.close());
  else {
    answers = message.answers;
    parentPort!.postMessage('ready');
  }
});
