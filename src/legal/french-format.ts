/**
 * French number and date formats for documents, written out rather than taken from Intl so a
 * PDF's text never depends on the ICU data of the Node that rendered it.
 */
const NARROW_NO_BREAK_SPACE = '\u202F';
const NO_BREAK_SPACE = '\u00A0';

/** 123456 → "1 234,56 €": narrow no-break spaces between thousands, a no-break space before €. */
export function formatEuros(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const euros = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, NARROW_NO_BREAK_SPACE);
  return `${sign}${euros},${String(abs % 100).padStart(2, '0')}${NO_BREAK_SPACE}€`;
}

/** 20 → "20 %", 5.5 → "5,5 %". */
export const formatRate = (rate: number): string => `${String(rate).replace('.', ',')}${NO_BREAK_SPACE}%`;

const parisParts = (epochMs: number) => {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(epochMs));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: part('day'), month: part('month'), year: part('year') };
};

/** The calendar date in France: "05/03/2026". */
export function formatDate(epochMs: number): string {
  const { day, month, year } = parisParts(epochMs);
  return `${day}/${month}/${year}`;
}
