import type { DocumentSeller } from './invoice-document.js';

/**
 * The words printed on invoices and credit notes, in one place. The tests read the PDFs back
 * and look for these very texts.
 */
export const DocumentTexts = {
  invoiceTitle: 'FACTURE',
  creditNoteTitle: "FACTURE D'AVOIR",
  number: 'N°',
  issuedOn: "Date d'émission",
  saleDate: 'Date de la vente',
  seller: 'Vendeur',
  buyer: 'Client',
  billingAddress: 'Adresse de facturation',
  deliveryAddress: 'Adresse de livraison',
  siren: 'SIREN',
  vatNumber: 'N° TVA intracommunautaire',
  columns: ['Désignation', 'Qté', 'PU HT', 'TVA', 'Remise', 'Total TTC'],
  baseAt: (rate: string) => `Total HT à ${rate}`,
  vatAt: (rate: string) => `TVA à ${rate}`,
  shipping: 'Frais de port TTC',
  discount: 'Remise totale TTC',
  totalExclVat: 'Total HT',
  totalVat: 'Total TVA',
  totalInclVat: 'Total TTC',
  paidOn: (date: string, means: string) => `Facture acquittée le ${date} par ${means}.`,
  corrects: (number: string, date: string) => `Avoir sur la facture ${number} du ${date}`,
  reason: 'Motif',
  refundedOn: (date: string, means: string) => `Remboursement du ${date} sur ${means}.`,
  creditedExclVat: 'Total HT remboursé',
  creditedVat: 'TVA remboursée',
  creditedInclVat: 'Total TTC remboursé',
  /** Code de commerce L441-9: the penalties and the recovery indemnity, even on a paid invoice. */
  latePayment:
    "Pas d'escompte pour paiement anticipé. En cas de retard de paiement, pénalités au taux " +
    "d'intérêt légal majoré de 10 points et, pour un client professionnel, indemnité forfaitaire " +
    'de 40 € pour frais de recouvrement.',
} as const;

/** "SAS au capital de 10 000 € · RCS Lyon 123 456 782". */
export const sellerRegistration = (seller: DocumentSeller): string =>
  `${seller.legalForm} au capital de ${seller.shareCapital} · ${seller.rcs}`;
