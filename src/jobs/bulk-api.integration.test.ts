import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, testDialects, type RunningApp } from '../../test/running-app.js';
import { createAdminKey } from '../store/platform/index.js';

const ORGANIZATION_ID = '3f6c2a1e-8b4d-4c2f-9a51-6f0e2d7b9c10';
const TEN_MEBIBYTES = 10 * 1_048_576;

describe.each(testDialects())(
  'bulk import and export through the platform API on %s',
  (dialect) => {
    let app: RunningApp;
    let adminKey: string;

    beforeAll(async () => {
      app = await startTestApp(dialect);
      adminKey = (await createAdminKey(app.store, { name: 'tests', role: 'admin' })).key;
    });
    afterAll(() => app.close());

    function call(path: string, init: RequestInit = {}) {
      const headers = { 'X-Admin-Key': adminKey, ...(init.headers as Record<string, string>) };
      return fetch(`${app.url}/platform/v1${path}`, { ...init, headers });
    }

    async function startImport(query: string, contentType: string, body: string | Buffer) {
      const response = await call(`/imports?${query}`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      });
      const job = (await response.json()) as { id: string; status: string };
      return { response, job };
    }

    async function finished(jobId: string): Promise<Record<string, unknown>> {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const job = (await (await call(`/jobs/${jobId}`)).json()) as Record<string, unknown>;
        if (!['queued', 'running'].includes(String(job.status))) return job;
        if (Date.now() > deadline) throw new Error(`job ${jobId} still ${String(job.status)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    it('answers 202 with the job, imports a CSV and reports each bad row with its line', async () => {
      const header = 'name;organizationId;currency;billingEntity;billCycleDay;colour\n';
      const rows = [
        `Acme billing;${ORGANIZATION_ID};EUR;de-gmbh;15;\n`,
        `Wrong type;${ORGANIZATION_ID};EUR;de-gmbh;fifteen;\n`,
        `No organization;;EUR;de-gmbh;1;\n`,
        `Unknown column;${ORGANIZATION_ID};EUR;de-gmbh;1;blue\n`,
      ];
      const body = Buffer.concat([
        Buffer.from(`\uFEFF${header}${rows.join('')}`),
        Buffer.from(`Bad \xff UTF-8;${ORGANIZATION_ID};EUR;de-gmbh;1;\n`, 'latin1'),
        Buffer.from(`${'x'.repeat(TEN_MEBIBYTES)};${ORGANIZATION_ID};EUR;de-gmbh;1;\n`),
        Buffer.from(`"Two; ""quoted""\nlines";${ORGANIZATION_ID};USD;us-inc;;\n`),
        Buffer.from(`Last;${ORGANIZATION_ID};GBP;uk-ltd;28;\n`),
      ]);
      const { response, job } = await startImport(
        'entity=billing-accounts&format=csv&delimiter=%3B',
        'text/csv',
        body,
      );
      expect(response.status).toBe(202);
      expect(response.headers.get('location')).toBe(`${app.url}/platform/v1/jobs/${job.id}`);
      expect(job).toMatchObject({ kind: 'import', entity: 'billing-accounts', delimiter: ';' });

      const done = await finished(job.id);
      expect(done).toStrictEqual({
        id: job.id,
        kind: 'import',
        entity: 'billing-accounts',
        format: 'csv',
        delimiter: ';',
        status: 'succeeded',
        cancelRequested: false,
        progress: { rowsRead: 8, rowsAccepted: 3, rowsRejected: 5, bytesRead: body.length },
        uploadBytes: body.length,
        attempts: 1,
        result: {
          rowsAccepted: 3,
          rowsRejected: 5,
          reportUrl: `${app.url}/platform/v1/jobs/${job.id}/report`,
        },
        createdAt: done.createdAt,
        updatedAt: done.updatedAt,
        startedAt: done.startedAt,
        finishedAt: done.finishedAt,
      });

      const report = await call(`/jobs/${job.id}/report`);
      expect(report.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(await report.text()).toBe(
        [
          'line,reason',
          '3,"/billCycleDay must be integer, got ""fifteen"""',
          "4,/ must have required property 'organizationId'",
          '5,"/ must NOT have additional properties (""colour"")"',
          '6,"the field of column ""name"" is not valid UTF-8"',
          '7,the row is larger than 1048576 bytes; shorten its fields or split it',
          '',
        ].join('\n'),
      );
      const ndjson = await call(`/jobs/${job.id}/report?format=ndjson`);
      expect((await ndjson.text()).split('\n')[0]).toBe(
        '{"line":3,"reason":"/billCycleDay must be integer, got \\"fifteen\\""}',
      );

      const exported = await call('/exports/billing-accounts?format=ndjson&currency=EUR');
      expect(exported.status).toBe(400);
      const names = (await (await call('/exports/billing-accounts')).text())
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { name: string; billCycleDay: number })
        .map(({ name, billCycleDay }) => ({ name, billCycleDay }));
      expect(names.sort((a, b) => a.name.localeCompare(b.name))).toStrictEqual([
        { name: 'Acme billing', billCycleDay: 15 },
        { name: 'Last', billCycleDay: 28 },
        { name: 'Two; "quoted"\nlines', billCycleDay: 1 },
      ]);
    });

    it('imports NDJSON rows as they are, rejecting wrong types and lines that are not JSON', async () => {
      const body = [
        '{"legalName":"Northwind Traders","domain":"northwind.example","status":"customer"}',
        '{"legalName":"Typed wrong","domain":42}',
        '',
        'not json',
        '{"legalName":"Contoso","domain":"contoso.example","status":"prospect"}',
        '',
      ].join('\n');
      const { response, job } = await startImport(
        'entity=organizations&format=ndjson',
        'application/x-ndjson',
        body,
      );
      expect(response.status).toBe(202);
      expect(await finished(job.id)).toMatchObject({
        status: 'succeeded',
        progress: { rowsRead: 4, rowsAccepted: 2, rowsRejected: 2 },
      });
      const report = await call(`/jobs/${job.id}/report?format=ndjson`);
      expect(await report.text()).toBe(
        [
          '{"line":2,"reason":"/domain must be string, got 42"}',
          '{"line":4,"reason":"the line is not JSON: Unexpected token \'o\', \\"not json\\" is not valid JSON"}',
          '',
        ].join('\n'),
      );

      const csv = await call('/exports/organizations?format=csv&status=customer');
      expect(csv.status).toBe(200);
      const [columns, first, ...rest] = (await csv.text()).trim().split('\n');
      expect(columns?.split(',').slice(0, 3)).toStrictEqual(['id', 'legalName', 'domain']);
      expect(first).toContain('Northwind Traders,northwind.example');
      expect(rest).toStrictEqual([]);
    });

    it('rejects a row whose business key is taken by a stored record or an earlier row', async () => {
      const product = (sku: string, name: string) =>
        JSON.stringify({ sku, name, family: 'tier', effectiveStart: '2026-01-01' });
      const first = await startImport(
        'entity=products&format=ndjson',
        'application/x-ndjson',
        `${product('TIER-GOLD', 'Gold')}\n`,
      );
      await finished(first.job.id);
      const body = [product('TIER-GOLD', 'Gold again'), product('TIER-SILVER', 'Silver')];
      body.push(product('TIER-SILVER', 'Silver twice'));
      const second = await startImport(
        'entity=products&format=ndjson',
        'application/x-ndjson',
        `${body.join('\n')}\n`,
      );
      expect(await finished(second.job.id)).toMatchObject({
        progress: { rowsRead: 3, rowsAccepted: 1, rowsRejected: 2 },
      });
      const report = await call(`/jobs/${second.job.id}/report`);
      expect(await report.text()).toBe(
        [
          'line,reason',
          '1,"sku ""TIER-GOLD"" is already used by another product"',
          '3,"sku ""TIER-SILVER"" is already used by another product"',
          '',
        ].join('\n'),
      );
    });

    it('rejects each row of a CSV whose header lacks a required column, naming the field', async () => {
      const body = `name,currency,billingEntity\nNo column,EUR,de-gmbh\nStill none,USD,us-inc\n`;
      const { job } = await startImport('entity=billing-accounts&format=csv', 'text/csv', body);
      expect(await finished(job.id)).toMatchObject({
        status: 'succeeded',
        progress: { rowsRead: 2, rowsAccepted: 0, rowsRejected: 2 },
      });
      expect(await (await call(`/jobs/${job.id}/report`)).text()).toBe(
        [
          'line,reason',
          "2,/ must have required property 'organizationId'",
          "3,/ must have required property 'organizationId'",
          '',
        ].join('\n'),
      );
    });

    it('finishes an empty upload at once with nothing imported', async () => {
      const { response, job } = await startImport('entity=contacts&format=csv', 'text/csv', '');
      expect(response.status).toBe(202);
      expect(await finished(job.id)).toMatchObject({
        status: 'succeeded',
        uploadBytes: 0,
        progress: { rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, bytesRead: 0 },
        result: { rowsAccepted: 0, rowsRejected: 0 },
      });
    });

    it.each([
      [
        'an unknown entity',
        '/imports?entity=widgets&format=csv',
        {
          in: 'query',
          pointer: '/entity',
          message:
            'must be equal to one of the allowed values: organizations, billing-accounts, ' +
            'contacts, products, plans, orders, subscriptions, invoices, payments, licenses',
        },
      ],
      [
        'an unknown format',
        '/imports?entity=organizations&format=xlsx',
        {
          in: 'query',
          pointer: '/format',
          message: 'must be equal to one of the allowed values: csv, ndjson',
        },
      ],
    ])('refuses %s with 400 naming the allowed values', async (_case, path, error) => {
      const response = await call(path, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: 'legalName\nAcme\n',
      });
      expect(response.status).toBe(400);
      const problem = (await response.json()) as Record<string, unknown>;
      expect(problem).toStrictEqual({
        type: 'https://junction.dev/errors/validation-failed',
        title: 'The request is not valid against the API contract',
        status: 400,
        code: 'validation-failed',
        detail: '1 part of the request is not valid.',
        instance: '/platform/v1/imports',
        correlationId: problem.correlationId,
        errors: [error],
      });
    });

    it('refuses an export filter the entity does not take, naming those it does', async () => {
      const response = await call('/exports/products?sku=A-1&email=someone');
      const problem = (await response.json()) as Record<string, unknown>;
      expect({ status: response.status, problem }).toStrictEqual({
        status: 400,
        problem: {
          type: 'https://junction.dev/errors/validation-failed',
          title: 'The request is not valid against the API contract',
          status: 400,
          code: 'validation-failed',
          detail:
            'products cannot be filtered by email; its filters are sku, family, status and updatedSince.',
          instance: '/platform/v1/exports/products',
          correlationId: problem.correlationId,
          errors: [{ in: 'query', pointer: '/email', message: 'is not a filter of this entity' }],
        },
      });
    });

    it('stops a running import after the batch it is writing when it is cancelled', async () => {
      const rows = 60_000;
      const lines = Array.from(
        { length: rows },
        (_, n) => `{"legalName":"Cancelled ${n}","domain":"cancel-${dialect}-${n}.example"}`,
      );
      const { job } = await startImport(
        'entity=organizations&format=ndjson',
        'application/x-ndjson',
        lines.join('\n'),
      );
      const deadline = Date.now() + 60_000;
      for (;;) {
        const seen = (await (await call(`/jobs/${job.id}`)).json()) as {
          status: string;
          progress: { rowsRead: number };
        };
        if (seen.status === 'running' && seen.progress.rowsRead > 0) break;
        if (seen.status !== 'queued' && seen.status !== 'running') {
          throw new Error(`expected the import still running to cancel it, got ${seen.status}`);
        }
        if (Date.now() > deadline) throw new Error('the import did not start within a minute');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }

      const cancelled = await call(`/jobs/${job.id}/cancel`, { method: 'POST' });
      expect(cancelled.status).toBe(200);
      const done = (await finished(job.id)) as {
        status: string;
        progress: { rowsRead: number; rowsAccepted: number; rowsRejected: number };
      };
      expect(done.status).toBe('cancelled');
      expect(done.progress.rowsRead).toBeLessThan(rows);
      expect(done.progress.rowsRejected).toBe(0);
      // What the job counts as accepted is exactly what it stored: no batch half-written.
      const exported = (await (await call('/exports/organizations?format=ndjson')).text())
        .trim()
        .split('\n')
        .filter((line) => line.includes(`cancel-${dialect}-`));
      expect(exported).toHaveLength(done.progress.rowsAccepted);
    });

    it('refuses to cancel a finished job with 409, and an unknown one with 404', async () => {
      const { job } = await startImport(
        'entity=products&format=ndjson',
        'application/x-ndjson',
        '',
      );
      await finished(job.id);
      const cancelled = await call(`/jobs/${job.id}/cancel`, { method: 'POST' });
      expect(cancelled.status).toBe(409);
      expect(((await cancelled.json()) as { detail: string }).detail).toBe(
        `Job '${job.id}' is already succeeded; only a queued or running job can be cancelled.`,
      );
      const unknown = await call('/jobs/job_AAAAAAAAAAAAAAAAAAAAAA/cancel', { method: 'POST' });
      expect(unknown.status).toBe(404);
      const listed = (await (await call('/jobs?status=succeeded&limit=200')).json()) as {
        data: { id: string }[];
      };
      expect(listed.data.map((entry) => entry.id)).toContain(job.id);
    });
  },
);
