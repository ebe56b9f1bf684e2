import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import { renderInvoiceDocument, renderStatementDocument } from '../../documents/index.ts';
import type { TenantContext } from '../../tenants/index.ts';
import { type CaseDetail, findCaseDetail } from './get-case.ts';
import { type ZipEntry, zipArchive } from './zip-archive.ts';

const DAY_MS = 86_400_000;

/** RFC 4180: quote every field, double the quotes inside. */
const csvRow = (fields: (string | number | null)[]) => fields.map((f) => `"${String(f ?? '').replaceAll('"', '""')}"`).join(',');
const iso = (d: Date | null) => (d ? d.toISOString() : '');

/** Every reminder of the case, one line per message (or per step that sent none), oldest first. */
export function reminderHistoryCsv(detail: CaseDetail): string {
  const lines = [
    csvRow([
      'invoice',
      'step',
      'offset_days',
      'template',
      'step_status',
      'step_date',
      'channel',
      'recipient',
      'message',
      'delivery_status',
      'sent_at',
      'actions',
    ]),
  ];
  const entries = detail.invoices.flatMap(({ invoice, steps }) =>
    steps.filter((s) => s.status === 'done' || s.status === 'skipped').map((s) => ({ invoice: invoice.number ?? invoice.id, step: s })),
  );
  entries.sort((a, b) => (a.step.executedAt?.getTime() ?? 0) - (b.step.executedAt?.getTime() ?? 0));
  for (const { invoice, step } of entries) {
    const actions = step.actions.map((a) => `${a.type}:${a.outcome}`).join(' ');
    const base = [invoice, step.key, step.offsetDays, step.template, step.status, iso(step.executedAt)];
    if (step.messages.length === 0) lines.push(csvRow([...base, '', '', '', '', '', actions]));
    for (const m of step.messages) lines.push(csvRow([...base, m.channel, m.recipient, m.id, m.status, iso(m.sentAt), actions]));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * What goes to a collection agency (seed 004): the customer's statement, a PDF of every invoice
 * still owed in the case, and the reminder history with dates, channels and delivery status.
 */
export async function buildCollectionsPacket(ctx: AppContext, tenant: TenantContext, caseId: string) {
  const detail = await inTenantTx(ctx.db, tenant.id, (tx) => findCaseDetail(tx, tenant, caseId));
  const owed = detail.invoices.filter(({ invoice }) => invoice.amountRemaining > 0 && (invoice.status === 'open' || invoice.status === 'uncollectible'));
  const firstIssued = Math.min(...detail.invoices.map(({ invoice }) => (invoice.finalizedAt ?? invoice.createdAt).getTime()), tenant.now.getTime());
  const statement = await renderStatementDocument(ctx, tenant, detail.customerId, { from: new Date(firstIssued - DAY_MS), to: tenant.now });
  const entries: ZipEntry[] = [{ name: 'statement.pdf', content: statement.content, modifiedAt: tenant.now }];
  for (const { invoice } of owed) {
    const doc = await renderInvoiceDocument(ctx, tenant, invoice.id);
    entries.push({ name: `invoices/${doc.filename}`, content: doc.content, modifiedAt: tenant.now });
  }
  entries.push({ name: 'reminder-history.csv', content: Buffer.from(reminderHistoryCsv(detail), 'utf8'), modifiedAt: tenant.now });
  return { filename: `collections-${detail.id}.zip`, content: zipArchive(entries) };
}
