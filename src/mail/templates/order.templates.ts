import { z } from 'zod';
import { formatCents, greet, html, layout, shopLink } from './layout.js';
import { defineTemplate } from './template.js';

const OrderRef = { firstName: z.string(), orderId: z.string() };
const orderLink = (orderId: string) => `/commandes/${encodeURIComponent(orderId)}`;
const shortId = (orderId: string) => orderId.slice(0, 8).toUpperCase();

const Line = z.object({ name: z.string(), unitPriceCents: z.number(), quantity: z.number() });

export const orderConfirmed = defineTemplate(
  'order_confirmed',
  z.object({
    ...OrderRef,
    items: z.array(Line),
    totalCents: z.number(),
    shippingAddress: z.string().nullable(),
  }),
  ({ firstName, orderId, items, totalCents, shippingAddress }, shop) => {
    const lines = items.map((l) => ({ ...l, amount: formatCents(l.unitPriceCents * l.quantity) }));
    const address = shippingAddress ?? "l'adresse de votre profil";
    return layout(shop, {
      subject: `Commande ${shortId(orderId)} confirmée`,
      greeting: greet(firstName),
      paragraphs: [
        'Merci pour votre commande ! Elle est enregistrée et le stock vous est réservé.',
        `Livraison : ${address}.`,
      ],
      extra: {
        text: [
          ...lines.map((l) => `- ${l.quantity} × ${l.name} : ${l.amount}`),
          `Total TTC : ${formatCents(totalCents)}`,
        ].join('\n'),
        html: html`<table>
${lines.map((l) => html`<tr><td>${l.quantity} × ${l.name}</td><td align="right">${l.amount}</td></tr>\n`)}<tr><th align="left">Total TTC</th><th align="right">${formatCents(totalCents)}</th></tr>
</table>
`,
      },
      action: { label: 'Voir ma commande', url: shopLink(shop, orderLink(orderId)) },
    });
  },
);

export const paymentReceived = defineTemplate(
  'payment_received',
  z.object({ ...OrderRef, amountCents: z.number(), invoiceNumber: z.string() }),
  ({ firstName, orderId, amountCents, invoiceNumber }, shop) =>
    layout(shop, {
      subject: `Paiement reçu pour la commande ${shortId(orderId)}`,
      greeting: greet(firstName),
      paragraphs: [
        `Nous avons bien reçu votre paiement de ${formatCents(amountCents)}.`,
        `Votre facture porte le numéro ${invoiceNumber}.`,
      ],
      action: { label: 'Voir la facture', url: shopLink(shop, `${orderLink(orderId)}/facture`) },
    }),
);

export const orderShipped = defineTemplate(
  'order_shipped',
  z.object({ ...OrderRef, carrier: z.string(), trackingNumber: z.string() }),
  ({ firstName, orderId, carrier, trackingNumber }, shop) =>
    layout(shop, {
      subject: `Commande ${shortId(orderId)} expédiée`,
      greeting: greet(firstName),
      paragraphs: [`Votre commande est partie avec ${carrier}.`, `Numéro de suivi : ${trackingNumber}.`],
      action: { label: 'Suivre ma commande', url: shopLink(shop, orderLink(orderId)) },
    }),
);

export const orderDelivered = defineTemplate(
  'order_delivered',
  z.object(OrderRef),
  ({ firstName, orderId }, shop) =>
    layout(shop, {
      subject: `Commande ${shortId(orderId)} livrée`,
      greeting: greet(firstName),
      paragraphs: ['Votre commande a été livrée. Merci de votre confiance !'],
      action: { label: 'Voir ma commande', url: shopLink(shop, orderLink(orderId)) },
    }),
);

export const orderRefunded = defineTemplate(
  'order_refunded',
  z.object({ ...OrderRef, amountCents: z.number() }),
  ({ firstName, orderId, amountCents }, shop) =>
    layout(shop, {
      subject: `Remboursement de la commande ${shortId(orderId)}`,
      greeting: greet(firstName),
      paragraphs: [
        `Nous vous avons remboursé ${formatCents(amountCents)} sur le moyen de paiement utilisé.`,
        'Le montant apparaît sur votre compte sous quelques jours.',
      ],
      action: { label: 'Voir ma commande', url: shopLink(shop, orderLink(orderId)) },
    }),
);

export const orderCancelled = defineTemplate(
  'order_cancelled',
  z.object(OrderRef),
  ({ firstName, orderId }, shop) =>
    layout(shop, {
      subject: `Commande ${shortId(orderId)} annulée`,
      greeting: greet(firstName),
      paragraphs: [
        "Votre commande n'a pas été payée à temps : elle est annulée et les articles sont remis en stock.",
        'Rien ne vous a été prélevé. Vous pouvez commander à nouveau quand vous le souhaitez.',
      ],
      action: { label: 'Retourner à la boutique', url: shop.url },
    }),
);
