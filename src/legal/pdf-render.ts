import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { CreditNote } from './credit-note.js';
import { sellerRegistration, DocumentTexts as T } from './document-texts.js';
import { formatDate, formatEuros, formatRate } from './french-format.js';
import type { DocumentBuyer, DocumentSeller, DocumentVatLine, InvoiceDocument } from './invoice-document.js';

/** DejaVu Sans, embedded (subset) in every PDF: accents, €, and the narrow no-break space of "1 234,50 €". */
const require = createRequire(import.meta.url);
// Read once: a render then only parses them (most of its ~100 ms, paid at a document's first download).
const FONT = readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
const FONT_BOLD = readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'));

const MARGIN = 40;
const WIDTH = 595.28 - 2 * MARGIN;
const BOTTOM = 841.89 - MARGIN;
/** The lines table: description, quantity, unit price excl. VAT, rate, discount, total incl. VAT. */
const COLUMNS = [
  { x: 0, width: 215, align: 'left' },
  { x: 215, width: 35, align: 'right' },
  { x: 250, width: 75, align: 'right' },
  { x: 325, width: 45, align: 'right' },
  { x: 370, width: 65, align: 'right' },
  { x: 435, width: WIDTH - 435, align: 'right' },
] as const;

type Pdf = PDFKit.PDFDocument;

function newPdf(title: string, author: string, createdAt: number): Pdf {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    pdfVersion: '1.7',
    subset: 'PDF/A-3b',
    tagged: true,
    lang: 'fr-FR',
    displayTitle: true,
    // A fixed creation date: the render depends only on the document.
    info: { Title: title, Author: author, CreationDate: new Date(createdAt), ModDate: new Date(createdAt) },
  });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);
  return doc.font('body').fontSize(9);
}

function bytesOf(doc: Pdf): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.end();
  return done;
}

/** Text at (x, y) in a box; returns the y under it. Text is drawn as text: nothing in it is markup. */
function textAt(
  doc: Pdf,
  text: string,
  x: number,
  y: number,
  width: number,
  options: PDFKit.Mixins.TextOptions = {},
) {
  doc.text(text, MARGIN + x, y, { width, lineBreak: true, ...options });
  return y + doc.heightOfString(text, { width, ...options });
}

function header(doc: Pdf, title: string, number: string, dates: [string, string][]): number {
  doc.font('bold').fontSize(16);
  let y = textAt(doc, title, 0, MARGIN, WIDTH / 2);
  doc.fontSize(10);
  y = textAt(doc, `${T.number} ${number}`, 0, y + 2, WIDTH / 2);
  doc.font('body').fontSize(9);
  for (const [label, value] of dates) y = textAt(doc, `${label} : ${value}`, 0, y + 1, WIDTH / 2);
  return y + 14;
}

function parties(doc: Pdf, seller: DocumentSeller, buyer: DocumentBuyer, y: number): number {
  const half = WIDTH / 2 - 10;
  doc.font('bold');
  let left = textAt(doc, T.seller, 0, y, half);
  let right = textAt(doc, T.buyer, WIDTH / 2 + 10, y, half);
  left = textAt(doc, seller.name, 0, left + 2, half);
  doc.font('body');
  for (const line of [
    seller.address,
    sellerRegistration(seller),
    `${T.siren} ${seller.siren}`,
    `${T.vatNumber} : ${seller.vatNumber}`,
  ])
    left = textAt(doc, line, 0, left + 1, half);
  doc.font('bold');
  right = textAt(doc, buyer.name, WIDTH / 2 + 10, right + 2, half);
  doc.font('body');
  right = textAt(doc, `${T.billingAddress} : ${buyer.billingAddress}`, WIDTH / 2 + 10, right + 1, half);
  if (buyer.deliveryAddress !== null)
    right = textAt(doc, `${T.deliveryAddress} : ${buyer.deliveryAddress}`, WIDTH / 2 + 10, right + 1, half);
  return Math.max(left, right) + 16;
}

/** One row of the lines table, on a new page when it would not fit. */
function row(doc: Pdf, cells: readonly string[], y: number, bold = false): number {
  doc.font(bold ? 'bold' : 'body');
  const height = Math.max(
    ...cells.map((cell, i) => doc.heightOfString(cell, { width: COLUMNS[i]?.width ?? 50 })),
  );
  let top = y;
  if (top + height > BOTTOM) {
    doc.addPage();
    top = MARGIN;
  }
  cells.forEach((cell, i) => {
    const column = COLUMNS[i];
    if (column) doc.text(cell, MARGIN + column.x, top, { width: column.width, align: column.align });
  });
  doc.font('body');
  return top + height + 4;
}

function amounts(doc: Pdf, lines: readonly [string, string, boolean?][], y: number): number {
  let top = y;
  for (const [label, value, bold] of lines) {
    if (top + 14 > BOTTOM) {
      doc.addPage();
      top = MARGIN;
    }
    doc.font(bold ? 'bold' : 'body');
    doc.text(label, MARGIN + WIDTH - 260, top, { width: 170, align: 'right' });
    doc.text(value, MARGIN + WIDTH - 85, top, { width: 85, align: 'right' });
    top += 14;
  }
  doc.font('body');
  return top + 8;
}

const perRate = (vat: readonly DocumentVatLine[], base: (r: string) => string, tax: (r: string) => string) =>
  vat.flatMap((line): [string, string][] => [
    [base(formatRate(line.rate)), formatEuros(line.baseExclVatCents)],
    [tax(formatRate(line.rate)), formatEuros(line.vatCents)],
  ]);

function footer(doc: Pdf, lines: readonly string[], y: number): void {
  let top = y;
  for (const line of lines) {
    const height = doc.heightOfString(line, { width: WIDTH });
    if (top + height > BOTTOM) {
      doc.addPage();
      top = MARGIN;
    }
    top = textAt(doc, line, 0, top, WIDTH) + 4;
  }
}

/** The invoice's PDF: one A4 page for a normal order, every mandatory mention, French formats. */
export function renderInvoicePdf(
  invoice: { number: string; issuedAt: number },
  document: InvoiceDocument,
): Promise<Buffer> {
  const doc = newPdf(`${T.invoiceTitle} ${invoice.number}`, document.seller.name, invoice.issuedAt);
  let y = header(doc, T.invoiceTitle, invoice.number, [
    [T.issuedOn, formatDate(invoice.issuedAt)],
    [T.saleDate, formatDate(document.saleDate)],
  ]);
  y = parties(doc, document.seller, document.buyer, y);
  y = row(doc, T.columns, y, true);
  for (const line of document.lines) {
    y = row(
      doc,
      [
        line.description,
        String(line.quantity),
        formatEuros(line.unitPriceExclVatCents),
        formatRate(line.vatRate),
        formatEuros(line.discountCents),
        formatEuros(line.lineTotalCents),
      ],
      y,
    );
  }
  y = amounts(
    doc,
    [
      [T.discount, formatEuros(document.discountCents)],
      [T.shipping, formatEuros(document.shippingCents)],
      ...perRate(document.vat, T.baseAt, T.vatAt),
      [T.totalExclVat, formatEuros(document.totalExclVatCents)],
      [T.totalVat, formatEuros(document.vatCents)],
      [T.totalInclVat, formatEuros(document.totalCents), true],
    ],
    y + 8,
  );
  footer(doc, [T.paidOn(formatDate(document.payment.paidAt), document.payment.means), T.latePayment], y);
  return bytesOf(doc);
}

/** The credit note's PDF: the mentions of an invoice, the invoice it corrects, what is refunded per rate. */
export function renderCreditNotePdf(
  note: Pick<CreditNote, 'number' | 'issuedAt' | 'document'>,
): Promise<Buffer> {
  const { document } = note;
  const doc = newPdf(`${T.creditNoteTitle} ${note.number}`, document.seller.name, note.issuedAt);
  let y = header(doc, T.creditNoteTitle, note.number, [[T.issuedOn, formatDate(note.issuedAt)]]);
  y = textAt(
    doc,
    T.corrects(document.corrects.invoiceNumber, formatDate(document.corrects.invoiceIssuedAt)),
    0,
    y - 6,
    WIDTH,
  );
  y = textAt(doc, `${T.reason} : ${document.reason}`, 0, y + 1, WIDTH) + 12;
  y = parties(doc, document.seller, document.buyer, y);
  y = amounts(
    doc,
    [
      ...perRate(document.vat, T.baseAt, T.vatAt),
      [T.creditedExclVat, formatEuros(document.totalExclVatCents)],
      [T.creditedVat, formatEuros(document.vatCents)],
      [T.creditedInclVat, formatEuros(document.totalCents), true],
    ],
    y,
  );
  footer(doc, [T.refundedOn(formatDate(document.refund.refundedAt), document.refund.means)], y);
  return bytesOf(doc);
}
