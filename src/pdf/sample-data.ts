import { deflateSync } from 'node:zlib';
import type { BusinessDetails, CustomerDetails } from './document.ts';
import type { InvoicePdfInput, InvoicePdfLine } from './invoice-pdf.ts';
import type { StatementPdfInput } from './statement-pdf.ts';

/** Example documents in each supported language: the committed samples in docs/samples and the PDF tests use them. */

export const SAMPLE_LANGUAGES = ['en', 'vi', 'lv', 'th', 'hy'] as const;
export type SampleLanguage = (typeof SAMPLE_LANGUAGES)[number];

interface Sample {
  timeZone: string;
  currency: string;
  /** Minor units per displayed unit price (VND has no minor unit). */
  unit: number;
  taxRate: number;
  /** Monthly membership and one private session, in major units. */
  prices: [number, number];
  /** Minor units per statement step, so each statement has amounts of a sensible size. */
  statementStep: number;
  business: Omit<BusinessDetails, 'logo' | 'brand_color'>;
  customer: CustomerDetails;
  lines: [string, string];
  terms: string;
  memo: string;
}

const SAMPLES: Record<SampleLanguage, Sample> = {
  en: {
    timeZone: 'America/New_York',
    currency: 'USD',
    prices: [120, 45],
    statementStep: 10,
    unit: 100,
    taxRate: 0.08875,
    business: { name: 'Northside Yoga Studio', address_lines: ['214 Bedford Avenue', 'Brooklyn, NY 11249'], tax_id: '12-3456789' },
    customer: { name: 'Emily Carter', email: 'emily.carter@example.com', address_lines: ['88 Berry Street, Apt 4B', 'Brooklyn, NY 11211'] },
    lines: ['Monthly membership — unlimited classes', 'Private session with a teacher (60 min)'],
    terms: 'Payment is due within 14 days. Memberships renew monthly until cancelled; cancel any time before the next billing date.',
    memo: 'Class pack top-up',
  },
  vi: {
    timeZone: 'Asia/Ho_Chi_Minh',
    currency: 'VND',
    prices: [1_200_000, 450_000],
    statementStep: 1000,
    unit: 1,
    taxRate: 0.08,
    business: { name: 'Studio Yoga Hoa Sen', address_lines: ['12 Đường Lê Lợi, Phường Bến Nghé, Quận 1', 'Thành phố Hồ Chí Minh'], tax_id: '0312345678' },
    customer: { name: 'Nguyễn Văn An', email: 'nguyen.van.an@example.com', address_lines: ['45 Đường Nguyễn Thị Minh Khai, Quận 3', 'Thành phố Hồ Chí Minh'] },
    lines: ['Nguyễn Văn An — gói tập yoga hàng tháng, không giới hạn số buổi', 'Buổi tập riêng với huấn luyện viên (60 phút)'],
    terms:
      'Vui lòng thanh toán trong vòng 14 ngày. Gói tập được gia hạn hằng tháng cho đến khi quý khách hủy; có thể hủy bất cứ lúc nào trước kỳ thanh toán tiếp theo.',
    memo: 'Mua thêm gói buổi tập',
  },
  lv: {
    timeZone: 'Europe/Riga',
    currency: 'EUR',
    prices: [65, 30],
    statementStep: 5,
    unit: 100,
    taxRate: 0.21,
    business: { name: 'Jogas studija Saulīte', address_lines: ['Brīvības iela 45-3', 'Rīga, LV-1010'], tax_id: 'LV40003123456' },
    customer: { name: 'Jānis Bērziņš', email: 'janis.berzins@example.com', address_lines: ['Ģertrūdes iela 17-8', 'Rīga, LV-1011'] },
    lines: ['Jānis Bērziņš — mēneša abonements, neierobežots nodarbību skaits', 'Individuālā nodarbība ar pasniedzēju (60 min)'],
    terms: 'Lūdzam samaksāt 14 dienu laikā. Abonements tiek atjaunots katru mēnesi, līdz to atceļat; atcelt var jebkurā brīdī pirms nākamā norēķinu datuma.',
    memo: 'Nodarbību paketes papildināšana',
  },
  th: {
    timeZone: 'Asia/Bangkok',
    currency: 'THB',
    prices: [2500, 900],
    statementStep: 200,
    unit: 100,
    taxRate: 0.07,
    business: { name: 'สตูดิโอโยคะสุขใจ', address_lines: ['99/1 ถนนสุขุมวิท แขวงคลองเตย', 'เขตคลองเตย กรุงเทพมหานคร 10110'], tax_id: '0105561234567' },
    customer: { name: 'สมชาย ใจดี', email: 'somchai.jaidee@example.com', address_lines: ['88 ซอยอารีย์ ถนนพหลโยธิน', 'แขวงพญาไท เขตพญาไท กรุงเทพมหานคร 10400'] },
    lines: ['สมชาย ใจดี — คลาสโยคะรายเดือนแบบไม่จำกัดจำนวนครั้งสำหรับสมาชิกประจำ', 'คลาสส่วนตัวกับครูผู้สอน (60 นาที)'],
    terms: 'กรุณาชำระเงินภายในสิบสี่วันนับจากวันที่ออกใบแจ้งหนี้ สมาชิกภาพจะต่ออายุอัตโนมัติทุกเดือนจนกว่าท่านจะยกเลิก ท่านสามารถยกเลิกได้ทุกเมื่อก่อนวันเรียกเก็บเงินครั้งถัดไป',
    memo: 'เติมแพ็กเกจคลาสเรียน',
  },
  hy: {
    timeZone: 'Asia/Yerevan',
    currency: 'AMD',
    prices: [25_000, 9_000],
    statementStep: 2000,
    unit: 100,
    taxRate: 0.2,
    business: { name: 'Յոգայի ստուդիա «Արև»', address_lines: ['Աբովյան փողոց 12', 'Երևան 0001'], tax_id: '01234567' },
    customer: { name: 'Արամ Պետրոսյան', email: 'aram.petrosyan@example.com', address_lines: ['Սարյան փողոց 22, բն. 5', 'Երևան 0002'] },
    lines: ['Արամ Պետրոսյան — ամսական անդամակցություն, անսահմանափակ դասեր', 'Անհատական պարապմունք մարզչի հետ (60 րոպե)'],
    terms:
      'Խնդրում ենք վճարել 14 օրվա ընթացքում։ Անդամակցությունը երկարաձգվում է ամեն ամիս, մինչև այն չեղարկեք. չեղարկել կարող եք ցանկացած պահի՝ հաջորդ վճարման օրվանից առաջ։',
    memo: 'Դասերի փաթեթի համալրում',
  },
};

const BRAND = '#2f7d6d';

/** A small PNG logo drawn in code (a ring in the brand colour), so the samples carry no image files. */
export function sampleLogo(size = 96): Buffer {
  const rgb = [0x2f, 0x7d, 0x6d];
  const rows: number[] = [];
  for (let y = 0; y < size; y++) {
    rows.push(0);
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - size / 2 + 0.5, y - size / 2 + 0.5) / (size / 2);
      const ink = (d < 0.95 && d > 0.62) || d < 0.3;
      rows.push(...(ink ? rgb : [255, 255, 255]));
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(8);
    out.writeUInt32BE(data.length, 0);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body), 0);
    return Buffer.concat([out.subarray(0, 4), body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function business(sample: Sample): BusinessDetails {
  return { ...sample.business, logo: sampleLogo(), brand_color: BRAND };
}

const day = (iso: string) => new Date(`${iso}T10:00:00Z`);

export function sampleInvoice(language: SampleLanguage): InvoicePdfInput {
  const sample = SAMPLES[language];
  const [membership, session] = sample.prices.map((p) => p * sample.unit) as [number, number];
  const line = (description: string, quantity: number, unit_amount: number): InvoicePdfLine => {
    const amount = quantity * unit_amount;
    return { description, quantity, unit_amount, amount, tax: Math.round(amount * sample.taxRate) };
  };
  const lines = [line(sample.lines[0], 1, membership), line(sample.lines[1], 2, session)];
  const subtotal = lines.reduce((s, l) => s + l.amount, 0);
  const tax = lines.reduce((s, l) => s + l.tax, 0);
  const total = subtotal + tax;
  const credit_applied = Math.round(total / 10);
  const amount_due = total - credit_applied;
  return {
    business: business(sample),
    customer: sample.customer,
    invoice: {
      number: 'INV-2026-0042',
      status: 'open',
      issue_date: day('2026-03-01'),
      due_date: day('2026-03-15'),
      period: { start: day('2026-03-01'), end: day('2026-03-31') },
      currency: sample.currency,
      lines,
      subtotal,
      discount: 0,
      tax,
      total,
      amount_paid: 0,
      amount_due,
      credit_applied,
      terms: sample.terms,
      early_payment_discount: { percent: 2, pay_by: day('2026-03-08'), amount: amount_due - Math.round(amount_due * 0.02) },
      pay_url: 'https://pay.duly.example/i/inv_01HZX3Q8K4V2N9D6T5R7M1C0B8',
    },
    locale: language,
    timeZone: sample.timeZone,
  };
}

export function sampleStatement(language: SampleLanguage): StatementPdfInput {
  const sample = SAMPLES[language];
  const m = sample.statementStep;
  const [membership, session] = sample.lines;
  return {
    business: business(sample),
    customer: sample.customer,
    statement: {
      currency: sample.currency,
      from: day('2026-01-01'),
      to: day('2026-03-31'),
      opening_balance: 480 * m,
      entries: [
        { date: day('2026-01-01'), kind: 'invoice', reference: 'INV-2026-0003', description: membership, amount: 1296 * m },
        { date: day('2026-01-05'), kind: 'payment', reference: 'PAY-1187', amount: 480 * m },
        { date: day('2026-01-20'), kind: 'payment', reference: 'PAY-1203', amount: 1296 * m },
        { date: day('2026-02-01'), kind: 'invoice', reference: 'INV-2026-0021', description: membership, amount: 1296 * m },
        { date: day('2026-02-10'), kind: 'credit_note', reference: 'CN-0007', description: session, amount: 97 * m },
        { date: day('2026-02-14'), kind: 'invoice', reference: 'INV-2026-0030', description: sample.memo, amount: 300 * m },
        { date: day('2026-02-20'), kind: 'payment', reference: 'PAY-1244', amount: 500 * m },
        { date: day('2026-02-21'), kind: 'refund', reference: 'RF-0003', description: sample.memo, amount: 200 * m },
        { date: day('2026-03-01'), kind: 'invoice', reference: 'INV-2026-0042', description: membership, amount: 1296 * m },
      ],
      open_items: [
        { reference: 'INV-2026-0021', due_date: day('2026-02-15'), amount_due: 999 * m },
        { reference: 'INV-2026-0030', due_date: day('2026-02-28'), amount_due: 200 * m },
        { reference: 'INV-2026-0042', due_date: day('2026-03-15'), amount_due: 1296 * m },
      ],
    },
    locale: language,
    timeZone: sample.timeZone,
  };
}
