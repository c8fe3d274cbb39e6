/** A complete seller identity in environment form, for servers started without the demo data. */
export const SELLER_ENV = {
  SELLER_NAME: 'Atelier Dupont',
  SELLER_ADDRESS: '5 quai Voltaire, 75007 Paris',
  SELLER_SIREN: '732829320',
  SELLER_VAT_NUMBER: 'FR44732829320',
  SELLER_LEGAL_FORM: 'SARL',
  SELLER_SHARE_CAPITAL: '7 500 €',
  SELLER_RCS: 'RCS Paris 732 829 320',
} as const;
