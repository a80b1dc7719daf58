import type { Request, RequestHandler, Response } from 'express';
import { readText } from '../http/body.ts';
import { SalesforceApiError } from '../http/errors.ts';
import { faultError } from '../http/faults.ts';
import { apiVersion, type Pipeline } from '../http/pipeline.ts';
import { sendXml } from '../http/respond.ts';
import type { Session } from '../http/sessions.ts';
import {
  child,
  envelope,
  faultEnvelope,
  parseXml,
  text,
  toXml,
  type XmlNode,
  type XmlValue,
} from './xml.ts';

/**
 * A SOAP endpoint (`/services/Soap/u/{version}` partner, `/services/Soap/m/{version}`
 * metadata). The session comes from the envelope's SessionHeader (jsforce sends no
 * Authorization header there). Failures are SOAP faults with HTTP 500 — an expired session is
 * `sf:INVALID_SESSION_ID`, which jsforce answers by refreshing the session and retrying.
 */
export interface SoapCall {
  readonly args: XmlNode;
  readonly session: Session;
  readonly version: string;
}

export interface SoapOperation {
  readonly kind: 'read' | 'write';
  /** The value(s) written as `<result>` elements of `<{method}Response>`. */
  run(call: SoapCall): XmlValue;
}

export interface SoapEndpoint {
  readonly namespace: string;
  readonly faultNamespace: string;
  /** Partner answers carry LimitInfoHeader (API usage); Metadata answers do not. */
  readonly limitHeader: boolean;
  readonly operations: Readonly<Record<string, SoapOperation>>;
}

export function soapRoute(pipeline: Pipeline, endpoint: SoapEndpoint): RequestHandler {
  const { context, state } = pipeline;
  const fault = (res: Response, code: string, message: string) =>
    sendXml(res, 500, faultEnvelope(endpoint.faultNamespace, code, message));
  return async (req: Request, res: Response) => {
    let parsed: Record<string, XmlNode>;
    try {
      parsed = parseXml(await readText(req));
    } catch {
      context.accounting.record('salesforce', 'POST', req.path, 'read');
      fault(res, 'INVALID_XML', 'The request is not well-formed XML');
      return;
    }
    const root = parsed.Envelope;
    const body = child(root, 'Body');
    const method =
      typeof body === 'object' && body !== null && !Array.isArray(body)
        ? Object.keys(body).find((key) => !key.startsWith('@_'))
        : undefined;
    const operation = method === undefined ? undefined : endpoint.operations[method];
    context.accounting.record('salesforce', 'POST', req.path, operation?.kind ?? 'read');
    const token =
      text(
        child(child(child(root, 'Header') as XmlNode, 'SessionHeader') as XmlNode, 'sessionId'),
      ) ?? '';
    const session = state.sessions.session(token);
    if (session === undefined) {
      fault(
        res,
        'INVALID_SESSION_ID',
        'Invalid Session ID found in SessionHeader: Illegal Session',
      );
      return;
    }
    try {
      const version = apiVersion(`v${String(req.params.version)}`);
      const injected = context.faults.take('POST', req.path);
      if (injected !== undefined) {
        const error = faultError(injected);
        if (error !== undefined) {
          if (error.status >= 500 && error.errorCode !== 'INVALID_SESSION_ID')
            sendXml(
              res,
              error.status,
              faultEnvelope(endpoint.faultNamespace, error.errorCode, error.message),
            );
          else fault(res, error.errorCode, error.message);
        }
        return;
      }
      if (!state.usage.admit())
        throw new SalesforceApiError(
          500,
          'REQUEST_LIMIT_EXCEEDED',
          'TotalRequests Limit exceeded.',
        );
      if (operation === undefined || method === undefined) {
        throw new SalesforceApiError(
          500,
          'INVALID_OPERATION',
          `No operation available for request {${endpoint.namespace}}${method ?? ''}`,
        );
      }
      const result = operation.run({
        args: (body as Record<string, XmlNode>)[method]!,
        session,
        version,
      });
      const header = endpoint.limitHeader
        ? toXml('LimitInfoHeader', {
            limitInfo: {
              current: state.usage.used(),
              limit: state.usage.max,
              type: 'API REQUESTS',
            },
          })
        : '';
      sendXml(
        res,
        200,
        envelope(endpoint.namespace, toXml(`${method}Response`, { result }), header),
      );
    } catch (error) {
      if (error instanceof SalesforceApiError) fault(res, error.errorCode, error.message);
      else fault(res, 'UNKNOWN_EXCEPTION', error instanceof Error ? error.message : String(error));
    }
  };
}
