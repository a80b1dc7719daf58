import { XMLParser } from 'fast-xml-parser';

/**
 * SOAP envelopes in and out. jsforce writes requests with its own XML builder (no CDATA, the
 * five standard entities); the parser drops namespace prefixes, so `soapenv:Body` reads `Body`
 * and `xsi:type` reads `@_type`. Repeated elements arrive as arrays, single ones as values:
 * `list()` evens that out. Answers use the `soapenv:` prefix jsforce looks for.
 */
export type XmlNode = string | { [key: string]: XmlNode | XmlNode[] } | XmlNode[];

const parser = new XMLParser({
  ignoreAttributes: false,
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
});

export function parseXml(text: string): Record<string, XmlNode> {
  return parser.parse(text, true) as Record<string, XmlNode>;
}

export const list = (value: XmlNode | XmlNode[] | undefined): XmlNode[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** The text of an element; null for `xsi:nil="true"`, '' for an empty element. */
export function text(node: XmlNode | XmlNode[] | undefined): string | null | undefined {
  if (node === undefined) return undefined;
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return text(node[0]);
  if (node['@_nil'] === 'true') return null;
  const inner = node['#text'];
  return typeof inner === 'string' ? inner : '';
}

export const child = (node: XmlNode | undefined, name: string): XmlNode | XmlNode[] | undefined =>
  typeof node === 'object' && node !== null && !Array.isArray(node) ? node[name] : undefined;

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A value to write: objects become elements (`@type` → `xsi:type`), arrays repeat, null is nil. */
export type XmlValue =
  string | number | boolean | null | undefined | XmlValue[] | { [key: string]: XmlValue };

export function toXml(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => toXml(name, item)).join('');
  if (value === null) return `<${name} xsi:nil="true"/>`;
  if (typeof value === 'object') {
    const type = value['@type'];
    const children = Object.entries(value)
      .filter(([key]) => key !== '@type')
      .map(([key, inner]) => toXml(key, inner))
      .join('');
    const attribute = typeof type === 'string' ? ` xsi:type="${escapeXml(type)}"` : '';
    return `<${name}${attribute}>${children}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function envelope(namespace: string, body: string, header = ''): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="${namespace}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    (header === '' ? '' : `<soapenv:Header>${header}</soapenv:Header>`) +
    `<soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`
  );
}

/** A SOAP fault: `sf:CODE` and `CODE: message`, with the detail element Salesforce sends. */
export function faultEnvelope(faultNamespace: string, code: string, message: string): string {
  const detail =
    code === 'INVALID_SESSION_ID' || code === 'REQUEST_LIMIT_EXCEEDED'
      ? 'UnexpectedErrorFault'
      : 'ApiFault';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="${faultNamespace}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<soapenv:Body><soapenv:Fault><faultcode>sf:${code}</faultcode><faultstring>${escapeXml(`${code}: ${message}`)}</faultstring>` +
    `<detail><sf:${detail} xsi:type="sf:${detail}"><sf:exceptionCode>${code}</sf:exceptionCode><sf:exceptionMessage>${escapeXml(message)}</sf:exceptionMessage></sf:${detail}></detail>` +
    '</soapenv:Fault></soapenv:Body></soapenv:Envelope>'
  );
}
