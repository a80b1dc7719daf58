import { createServer, type Server } from 'node:http';

/** A local stand-in for a Slack incoming webhook: keeps every JSON body posted to it. */
export async function startAlertReceiver(): Promise<{
  url: string;
  received: Record<string, unknown>[];
  close(): Promise<void>;
}> {
  const received: Record<string, unknown>[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push(JSON.parse(body) as Record<string, unknown>);
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/slack-hook`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
