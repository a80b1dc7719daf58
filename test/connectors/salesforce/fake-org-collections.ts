import type { Request, Response } from 'express';
import { validateValues, type RecordError } from './fake-org-schema.ts';
import type { FakeOrg, Row } from './fake-org.ts';

/**
 * The fake org's sObject Collections: create, update, upsert by external id, delete. Each
 * record gets its own result; the Sforce-Auto-Assign header (default TRUE) reassigns Leads.
 */
export function collection(
  org: FakeOrg,
  req: Request,
  res: Response,
  action: 'create' | 'update' | 'upsert',
): void {
  const body = req.body as { allOrNone?: boolean; records: Row[] };
  if (body.records.length > 200) {
    res.status(400).json([
      {
        errorCode: 'EXCEEDED_ID_LIMIT',
        message: 'record limit reached. cannot submit more than 200 records into this call',
      },
    ]);
    return;
  }
  const header = String(req.headers['sforce-auto-assign'] ?? 'TRUE').toUpperCase();
  org.assignHeaders.push(header);
  const lock = res.locals.lockRow === true;
  res.json(
    body.records.map((record, index) => {
      const { attributes, id, ...values } = record as Row & {
        attributes: { type: string };
        id?: string;
      };
      const object = action === 'upsert' ? String(req.params.object) : attributes.type;
      const fail = (error: RecordError) => ({ success: false, errors: [error] });
      if (lock && index === 0)
        return fail({
          statusCode: 'UNABLE_TO_LOCK_ROW',
          message: 'unable to obtain exclusive access to this record',
          fields: [],
        });
      const table = org.table(object);
      const key = action === 'upsert' ? String(req.params.field) : undefined;
      const existing =
        key !== undefined
          ? [...table.values()].find((row) => !row.IsDeleted && row[key] === values[key])
          : id !== undefined
            ? table.get(id)
            : undefined;
      if (action === 'update' && (existing === undefined || existing.IsDeleted))
        return fail({
          statusCode: 'ENTITY_IS_DELETED',
          message: 'entity is deleted',
          fields: [],
        });
      const creating = existing === undefined;
      const problem = validateValues(org.fields(object), values, creating);
      if (problem !== undefined) return fail(problem);
      // Assignment rules run on create and on update unless the header says FALSE.
      const assigned =
        object === 'Lead' && header === 'TRUE'
          ? { OwnerId: org.queues[org.roundRobin++ % org.queues.length] }
          : {};
      if (creating) {
        const row = org.insert(object, {
          OwnerId: '005FAKEINTEGRATION',
          ...values,
          ...assigned,
        });
        return {
          id: row.Id,
          success: true,
          errors: [],
          ...(action === 'upsert' ? { created: true } : {}),
        };
      }
      org.touch(existing, { ...values, ...assigned });
      return {
        id: existing.Id,
        success: true,
        errors: [],
        ...(action === 'upsert' ? { created: false } : {}),
      };
    }),
  );
}

export function remove(org: FakeOrg, req: Request, res: Response): void {
  const ids = String(req.query.ids ?? '').split(',');
  res.json(
    ids.map((id) => {
      const row = [...org.rows.values()]
        .map((table) => table.get(id))
        .find((found) => found !== undefined);
      if (row === undefined || row.IsDeleted === true)
        return {
          id,
          success: false,
          errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }],
        };
      org.touch(row, { IsDeleted: true });
      return { id, success: true, errors: [] };
    }),
  );
}
