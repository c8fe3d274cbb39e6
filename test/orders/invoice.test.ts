import { describe, expect, it } from 'vitest';
import { formatInvoiceNumber } from '../../src/orders/invoice.js';

describe('formatInvoiceNumber', () => {
  it('pads the sequence to six digits', () => {
    expect(formatInvoiceNumber(2026, 1)).toBe('FAC-2026-000001');
    expect(formatInvoiceNumber(2027, 123456)).toBe('FAC-2027-123456');
  });
});
