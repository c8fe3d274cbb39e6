import { z } from 'zod';
import { variantLabel } from '../catalog/product.js';
import type { SellerIdentity } from '../config.js';
import { priceLines } from '../pricing/totals.js';
import { splitVat } from '../pricing/vat.js';

/**
 * The invoice as the legal document a French accountant reads (CGI annexe II art. 242 nonies A,
 * Code de commerce L441-9): every mandatory mention, built once when the invoice is issued and
 * stored with it, so a later product rename, profile edit or seller change never alters it.
 * Stored as JSON; this schema reads it back.
 */
const CentsSchema = z.number().int();

const SellerSchema = z.object({
  name: z.string(),
  address: z.string(),
  siren: z.string(),
  vatNumber: z.string(),
  legalForm: z.string(),
  shareCapital: z.string(),
  rcs: z.string(),
}) satisfies z.ZodType<SellerIdentity>;

const BuyerSchema = z.object({
  name: z.string(),
  billingAddress: z.string(),
  /** Only when the goods go elsewhere than the billing address. */
  deliveryAddress: z.string().nullable(),
});

const DocumentLineSchema = z.object({
  productId: z.string(),
  description: z.string(),
  quantity: z.number().int(),
  /** VAT included, as the customer saw it. */
  unitPriceCents: CentsSchema,
  unitPriceExclVatCents: CentsSchema,
  vatRate: z.number(),
  /** The line's share of the order's discount (0 without a promotion). */
  discountCents: CentsSchema,
  /** VAT included, discount taken off. */
  lineTotalCents: CentsSchema,
});

const VatLineSchema = z.object({ rate: z.number(), baseExclVatCents: CentsSchema, vatCents: CentsSchema });

export const InvoiceDocumentSchema = z.object({
  seller: SellerSchema,
  buyer: BuyerSchema,
  /** The sale is concluded by the payment: its date. */
  saleDate: z.number(),
  lines: z.array(DocumentLineSchema),
  discountCents: CentsSchema,
  /** VAT included; its VAT follows the goods' rates (in `vat`). */
  shippingCents: CentsSchema,
  /** Per rate, goods and shipping together, highest rate first; bases and VAT add up to the total. */
  vat: z.array(VatLineSchema),
  totalExclVatCents: CentsSchema,
  vatCents: CentsSchema,
  totalCents: CentsSchema,
  payment: z.object({ paidAt: z.number(), means: z.string() }),
});

export type InvoiceDocument = z.infer<typeof InvoiceDocumentSchema>;
export type DocumentSeller = z.infer<typeof SellerSchema>;
export type DocumentBuyer = z.infer<typeof BuyerSchema>;
export type DocumentVatLine = z.infer<typeof VatLineSchema>;

/**
 * An order line as the invoice reads it. The VAT rate and the discount share are read from the
 * line when the order carries them (per-product rates, promotions) and default otherwise.
 */
export interface SoldLine {
  productId: string;
  name: string;
  /** The variant's SKU and option values, printed in the designation. */
  sku?: string;
  options?: Record<string, string>;
  unitPriceCents: number;
  quantity: number;
  vatRate?: number;
  discountCents?: number;
}

export interface Sale {
  items: readonly SoldLine[];
  totalCents: number;
  shippingAddress: string | null;
  /** VAT included; 0 when the order carries none. */
  shippingCents?: number;
}

export interface InvoiceFacts {
  sale: Sale;
  seller: SellerIdentity;
  buyer: { firstName: string; lastName: string; address: string };
  /** The rate of lines that carry none (VAT_RATE_PERCENT). */
  defaultVatRate: number;
  paidAt: number;
  paymentMeans: string;
}

const sameAddress = (a: string, b: string) =>
  a.trim().replace(/\s+/g, ' ').toLowerCase() === b.trim().replace(/\s+/g, ' ').toLowerCase();

/** Pure: the same facts give the same document. */
export function buildInvoiceDocument(facts: InvoiceFacts): InvoiceDocument {
  const { sale } = facts;
  const lines = sale.items.map((item) => ({
    unitPriceCents: item.unitPriceCents,
    quantity: item.quantity,
    vatRate: item.vatRate ?? facts.defaultVatRate,
  }));
  const discountCents = sale.items.reduce((sum, item) => sum + (item.discountCents ?? 0), 0);
  const shippingCents = sale.shippingCents ?? 0;
  // The shared pricing rules split the shipping over the rates and round each rate's VAT once.
  const totals = priceLines(
    lines,
    discountCents > 0 ? { kind: 'fixed', value: discountCents } : null,
    shippingCents > 0 ? { priceCents: shippingCents, freeFromCents: null } : null,
  );
  const vatCents = totals.vat.reduce((sum, line) => sum + line.vatCents, 0);
  const billing = facts.buyer.address;
  const delivery = sale.shippingAddress;
  return {
    seller: { ...facts.seller },
    buyer: {
      name: `${facts.buyer.firstName} ${facts.buyer.lastName}`,
      billingAddress: billing,
      deliveryAddress: delivery !== null && !sameAddress(delivery, billing) ? delivery : null,
    },
    saleDate: facts.paidAt,
    lines: sale.items.map((item, i) => {
      const vatRate = lines[i]?.vatRate ?? facts.defaultVatRate;
      const discount = item.discountCents ?? 0;
      return {
        productId: item.productId,
        description: designationOf(item),
        quantity: item.quantity,
        unitPriceCents: item.unitPriceCents,
        unitPriceExclVatCents: splitVat(item.unitPriceCents, vatRate).totalExclVatCents,
        vatRate,
        discountCents: discount,
        lineTotalCents: item.unitPriceCents * item.quantity - discount,
      };
    }),
    discountCents,
    shippingCents: totals.shippingCents,
    vat: totals.vat,
    totalExclVatCents: totals.totalCents - vatCents,
    vatCents,
    totalCents: totals.totalCents,
    payment: { paidAt: facts.paidAt, means: facts.paymentMeans },
  };
}

/** How the customer paid, as the invoice says it. */
export const cardPaymentMeans = (cardLast4: string | null): string =>
  cardLast4 === null ? 'Carte bancaire' : `Carte bancaire se terminant par ${cardLast4}`;

/** "T-shirt (Taille : M, Couleur : Noir) — réf. TSH-M-NOIR": what was sold, as the order froze it. */
function designationOf(item: SoldLine): string {
  const named = variantLabel(item.name, item.options ?? {});
  return item.sku ? `${named} — réf. ${item.sku}` : named;
}
