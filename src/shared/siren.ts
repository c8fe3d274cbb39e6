/**
 * The checks a French company's identifiers carry (INSEE's SIREN and the intra-EU VAT
 * number derived from it), so a typo in the seller's configuration stops the server
 * instead of being printed on ten years of invoices.
 */

/** Nine digits whose Luhn sum is a multiple of 10 (INSEE's check on every SIREN). */
export function isValidSiren(siren: string): boolean {
  if (!/^\d{9}$/.test(siren)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i += 1) {
    const digit = Number(siren[8 - i]);
    const doubled = i % 2 === 1 ? digit * 2 : digit;
    sum += doubled > 9 ? doubled - 9 : doubled;
  }
  return sum % 10 === 0;
}

/** The French VAT number of a SIREN: `FR`, a two-digit key (12 + 3 × (SIREN mod 97)) mod 97, the SIREN. */
export function frenchVatNumberOf(siren: string): string {
  const key = (12 + 3 * (Number(siren) % 97)) % 97;
  return `FR${String(key).padStart(2, '0')}${siren}`;
}
