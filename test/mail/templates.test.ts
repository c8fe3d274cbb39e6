import { describe, expect, it } from 'vitest';
import {
  renderMail,
  TEMPLATES,
  type TemplateData,
  type TemplateName,
} from '../../src/mail/templates/index.js';
import { escapeHtml, html } from '../../src/mail/templates/layout.js';

const shop = { name: 'La Boutique', url: 'https://boutique.example' };
const evil = '<script>alert(1)</script>';

/** One case per template: its data (a hostile name included), and what the mail must say. */
const cases: { [N in TemplateName]: { data: TemplateData<N>; subject: string; says: string[] } } = {
  verify_email: {
    data: { firstName: evil, token: 'tok-1' },
    subject: 'Vérifiez votre adresse e-mail — La Boutique',
    says: ['https://boutique.example/verifier-email?token=tok-1'],
  },
  email_change: {
    data: { firstName: evil, token: 'tok-2', newEmail: 'new@example.com' },
    subject: 'Confirmez votre nouvelle adresse e-mail — La Boutique',
    says: ['new@example.com', 'https://boutique.example/verifier-email?token=tok-2'],
  },
  email_change_notice: {
    data: { firstName: evil, newEmail: 'new@example.com' },
    subject: "Changement d'adresse e-mail demandé — La Boutique",
    says: ['new@example.com', 'reste valable'],
  },
  password_forgot: {
    data: { token: 'tok-3', ttlMinutes: 60 },
    subject: 'Réinitialisation de votre mot de passe — La Boutique',
    says: ['https://boutique.example/nouveau-mot-de-passe?token=tok-3', '60 minutes'],
  },
  password_changed: {
    data: { firstName: evil },
    subject: 'Mot de passe modifié — La Boutique',
    says: ['sessions ont été fermées'],
  },
  order_confirmed: {
    data: {
      firstName: evil,
      orderId: 'abcdef12-3456',
      items: [
        { name: `Pull ${evil}`, unitPriceCents: 7999, quantity: 2 },
        { name: 'Écharpe', unitPriceCents: 1990, quantity: 1 },
      ],
      totalCents: 17988,
      shippingAddress: '3 rue de la Paix, 75002 Paris',
    },
    subject: 'Commande ABCDEF12 confirmée — La Boutique',
    says: ['159,98', '19,90', '179,88', '3 rue de la Paix, 75002 Paris', '/commandes/abcdef12-3456'],
  },
  payment_received: {
    data: { firstName: evil, orderId: 'abcdef12', amountCents: 4000, invoiceNumber: 'FAC-2026-000001' },
    subject: 'Paiement reçu pour la commande ABCDEF12 — La Boutique',
    says: ['40,00', 'FAC-2026-000001', 'https://boutique.example/commandes/abcdef12/facture'],
  },
  order_shipped: {
    data: { firstName: evil, orderId: 'abcdef12', carrier: 'Colissimo', trackingNumber: 'TRK-ABC' },
    subject: 'Commande ABCDEF12 expédiée — La Boutique',
    says: ['Colissimo', 'TRK-ABC'],
  },
  order_delivered: {
    data: { firstName: evil, orderId: 'abcdef12' },
    subject: 'Commande ABCDEF12 livrée — La Boutique',
    says: ['livrée'],
  },
  order_refunded: {
    data: { firstName: evil, orderId: 'abcdef12', amountCents: 500 },
    subject: 'Remboursement de la commande ABCDEF12 — La Boutique',
    says: ['5,00'],
  },
  order_cancelled: {
    data: { firstName: evil, orderId: 'abcdef12' },
    subject: 'Commande ABCDEF12 annulée — La Boutique',
    says: ['pas été payée à temps', 'remis en stock'],
  },
  support_reply: {
    data: {
      firstName: evil,
      threadId: 't-1',
      subject: 'Taille du sweat',
      body: `Il taille normalement. ${evil}`,
    },
    subject: 'Réponse du support : Taille du sweat — La Boutique',
    says: ['Il taille normalement.', 'https://boutique.example/support/t-1'],
  },
};

describe('mail templates', () => {
  it('every template has a case here', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(TEMPLATES).sort());
  });

  it.each(Object.entries(cases))(
    '%s renders in French, as text and HTML, escaped',
    (name, { data, subject, says }) => {
      const mail = renderMail(name, data, shop);
      expect(mail.subject).toBe(subject);
      for (const piece of says) {
        expect(mail.text).toContain(piece);
        expect(mail.html).toContain(escapeHtml(piece).replace(/&amp;/g, '&amp;'));
      }
      expect(mail.text).toContain('— La Boutique');
      expect(mail.html).toContain('<a href="https://boutique.example">La Boutique</a>');
      // A name or a message with markup arrives as text: never as a tag in the HTML.
      expect(mail.html).not.toContain('<script>');
      if (JSON.stringify(data).includes('script')) expect(mail.html).toContain('&lt;script&gt;');
    },
  );

  it('refuses data that does not fit the template, and an unknown template', () => {
    expect(() => renderMail('order_shipped', { orderId: 'x' }, shop)).toThrow();
    expect(() => renderMail('nope', {}, shop)).toThrow(/unknown mail template/);
  });

  it('html`` escapes every value and keeps nested html as it is', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${'"&\''}${inner}</p>`.value).toBe('<p>&quot;&amp;&#39;<b>&lt;i&gt;</b></p>');
  });
});
