import type { OptionValues, ProductOption, Variant } from './product.js';

const folded = (text: string) => text.toLocaleLowerCase('fr');

/** Option names unique (whatever their case), and each option's values unique and at least one. */
export function optionsValid(options: readonly ProductOption[]): boolean {
  const names = new Set(options.map((option) => folded(option.name)));
  return (
    names.size === options.length &&
    options.every(
      (option) =>
        option.values.length > 0 && new Set(option.values.map(folded)).size === option.values.length,
    )
  );
}

/**
 * The variant's values in the product's option order, or null unless it gives exactly one
 * value, among the option's own, for each of the product's options.
 */
export function fittedValues(options: readonly ProductOption[], values: OptionValues): OptionValues | null {
  if (Object.keys(values).length !== options.length) return null;
  const fitted: OptionValues = {};
  for (const option of options) {
    const value = values[option.name];
    if (value === undefined || !option.values.includes(value)) return null;
    fitted[option.name] = value;
  }
  return fitted;
}

/** "Taille, Couleur": what a client must choose. */
export const optionNames = (options: readonly ProductOption[]): string =>
  options.map((option) => option.name).join(', ');

/** The one variant a product without a choice to make sells; null when there is a choice. */
export const soleVariant = (variants: readonly Variant[]): Variant | null =>
  variants.length === 1 ? (variants[0] ?? null) : null;

/** A SKU for a variant created without one: readable, and unique because its id is. */
export const defaultSku = (variantId: string): string =>
  `SKU-${variantId.replaceAll('-', '').slice(0, 12).toUpperCase()}`;
