import type { ServerResponse } from 'node:http';

/**
 * Answers written straight to Node's response (express's res.json would hash every body for an
 * ETag). Salesforce sends `application/json;charset=UTF-8` and `text/xml;charset=UTF-8`.
 */
export type HeaderBag = Record<string, string>;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: HeaderBag = {},
): void {
  send(res, status, JSON.stringify(body), 'application/json;charset=UTF-8', headers);
}

/** A JSON answer serialised by the caller. */
export function sendJsonText(
  res: ServerResponse,
  status: number,
  json: string,
  headers: HeaderBag = {},
): void {
  send(res, status, json, 'application/json;charset=UTF-8', headers);
}

export function sendXml(
  res: ServerResponse,
  status: number,
  xml: string,
  headers: HeaderBag = {},
): void {
  send(res, status, xml, 'text/xml;charset=UTF-8', headers);
}

export function sendEmpty(res: ServerResponse, status: number, headers: HeaderBag = {}): void {
  res.statusCode = status;
  for (const name in headers) res.setHeader(name, headers[name]!);
  res.end();
}

function send(
  res: ServerResponse,
  status: number,
  payload: string,
  type: string,
  headers: HeaderBag,
): void {
  res.statusCode = status;
  for (const name in headers) res.setHeader(name, headers[name]!);
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', Buffer.byteLength(payload));
  res.end(payload);
}
