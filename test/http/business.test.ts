import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { popplerAvailable } from '../support/poppler.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

describe('business profile on documents', () => {
  let app: TestApp;
  let dir: string;
  beforeAll(async () => {
    app = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'duly-business-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await app.stop();
  });

  it('refuses a bad colour, a logo that is not an image and unknown fields, writing nothing', async () => {
    const { apiKey } = await app.tenant({ name: 'Careful Clinic' });
    for (const body of [{ brand_color: 'blue' }, { logo_base64: Buffer.from('not an image').toString('base64') }, { website: 'x' }]) {
      const res = await app.api(apiKey, 'POST', '/v1/business', body);
      expect(res.status).toBe(400);
      expect(res.body.error.type).toBe('invalid_request_error');
    }
    const profile = await app.api(apiKey, 'GET', '/v1/business');
    expect(profile.body).toMatchObject({ name: 'Careful Clinic', brand_color: null, has_logo: false });
  });

  it.runIf(popplerAvailable)('prints the address and tax id the owner set on the invoice PDF', async () => {
    const { apiKey } = await app.tenant({ name: 'Studio Nord', currency: 'eur' });
    const saved = await app.api(apiKey, 'POST', '/v1/business', {
      address_lines: ['Brīvības iela 1', 'Rīga, LV-1010'],
      tax_id: 'LV40003000000',
      brand_color: '#0b7a75',
      logo_base64: PNG_1X1,
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ tax_id: 'LV40003000000', brand_color: '#0b7a75', has_logo: true });
    const customer = (await app.api(apiKey, 'POST', '/v1/customers', { name: 'Client' })).body;
    const invoice = (await app.api(apiKey, 'POST', '/v1/invoices', { customer: customer.id, lines: [{ description: 'Consultation', unit_amount: 5000 }] }))
      .body;
    await app.api(apiKey, 'POST', `/v1/invoices/${invoice.id}/finalize`);
    const pdf = await app.server.inject({ method: 'GET', url: `/v1/invoices/${invoice.id}/pdf`, headers: { authorization: `Bearer ${apiKey}` } });
    expect(pdf.statusCode).toBe(200);
    const file = join(dir, 'invoice.pdf');
    writeFileSync(file, pdf.rawPayload);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Studio Nord');
    expect(text).toContain('Brīvības iela 1');
    expect(text).toContain('LV40003000000');
    expect(execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' })).toMatch(/image/);
  });
});
