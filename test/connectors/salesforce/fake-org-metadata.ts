import express, { type Router } from 'express';
import type { FakeField } from './fake-org-schema.ts';
import type { FakeOrg } from './fake-org.ts';

/**
 * The fake org's Metadata API (SOAP, /services/Soap/m/62.0): readMetadata and upsertMetadata
 * for CustomField and PermissionSet, which is what `leadloop setup` calls. A CustomField
 * upsert also changes describe, as deploying a field does in a real org.
 */
const envelope = (body: string) =>
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
  `<soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;

const TYPE_TO_DESCRIBE: Readonly<Record<string, string>> = {
  Text: 'string',
  Picklist: 'picklist',
  Number: 'double',
  LongTextArea: 'textarea',
  DateTime: 'datetime',
};

const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

export function metadataRouter(org: FakeOrg): Router {
  const stored = new Map<string, string>();
  const router = express.Router();
  router.post('/', (req, res) => {
    const body = String(req.body);
    res.type('text/xml');
    if (body.includes('<readMetadata>')) {
      const names = [...body.matchAll(/<fullNames>([^<]*)<\/fullNames>/g)].map(
        (match) => match[1]!,
      );
      const records = names.map((name) => stored.get(name) ?? '<records xsi:nil="true"/>').join('');
      res.send(
        envelope(`<readMetadataResponse><result>${records}</result></readMetadataResponse>`),
      );
      return;
    }
    if (body.includes('<upsertMetadata>')) {
      const items = [...body.matchAll(/<metadata xsi:type="(\w+)">([\s\S]*?)<\/metadata>/g)];
      const results = items.map(([, type, xml]) => {
        const fullName = tag(xml!, 'fullName')!;
        const created = !stored.has(fullName);
        if (type === 'CustomField') {
          const [object, name] = fullName.split('.');
          const picklist = [...xml!.matchAll(/<value><fullName>([^<]*)<\/fullName>/g)].map(
            (match) => match[1]!,
          );
          const field: FakeField = {
            name: name!,
            type: TYPE_TO_DESCRIBE[tag(xml!, 'type') ?? ''] ?? 'string',
            createable: true,
            updateable: true,
            ...(picklist.length > 0
              ? { picklist, restricted: tag(xml!, 'restricted') === 'true' }
              : {}),
          };
          const fields = org.custom.get(object!) ?? new Map<string, FakeField>();
          fields.set(field.name, field);
          org.custom.set(object!, fields);
        }
        stored.set(fullName, `<records xsi:type="${type}">${xml}</records>`);
        return `<result><created>${created}</created><fullName>${fullName}</fullName><success>true</success></result>`;
      });
      res.send(envelope(`<upsertMetadataResponse>${results.join('')}</upsertMetadataResponse>`));
      return;
    }
    res
      .status(500)
      .send(
        envelope(
          '<soapenv:Fault><faultcode>sf:INVALID_TYPE</faultcode><faultstring>unsupported call</faultstring></soapenv:Fault>',
        ),
      );
  });
  return router;
}
