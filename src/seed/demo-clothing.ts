import type { VariantInput } from '../catalog/catalog.service.js';
import type { ProductOption } from '../catalog/product.js';
import type { Picture } from './demo-images.js';

/** The category tree of the demo shop: slug, name, parent's slug. */
export const DEMO_CATEGORIES = [
  { slug: 'hauts', name: 'Hauts', parent: null },
  { slug: 't-shirts', name: 'T-shirts', parent: 'hauts' },
  { slug: 'sweats', name: 'Sweats', parent: 'hauts' },
  { slug: 'pulls', name: 'Pulls', parent: 'hauts' },
  { slug: 'bas', name: 'Bas', parent: null },
  { slug: 'jeans', name: 'Jeans', parent: 'bas' },
  { slug: 'vestes', name: 'Vestes', parent: null },
  { slug: 'accessoires', name: 'Accessoires', parent: null },
] as const;

export type DemoCategorySlug = (typeof DEMO_CATEGORIES)[number]['slug'];

/** The category of each of the nine original products, by name. */
export const ORIGINAL_PRODUCT_CATEGORIES: Record<string, DemoCategorySlug> = {
  'T-Shirt Classic Blanc': 't-shirts',
  'T-Shirt Classic Noir': 't-shirts',
  'Sweat à Capuche Gris': 'sweats',
  'Jean Coupe Droite': 'jeans',
  'Veste en Jean': 'vestes',
  Casquette: 'accessoires',
  'Ceinture Cuir Marron': 'accessoires',
  'Écharpe Laine': 'accessoires',
  'Pull Col Roulé Beige': 'pulls',
};

interface DemoClothing {
  name: string;
  description: string;
  priceCents: number;
  category: DemoCategorySlug;
  options: ProductOption[];
  variants: VariantInput[];
  picture: Picture;
}

/** Every combination of the options, each with a stock (`stockOf`) and an SKU made of its values. */
function combinations(
  prefix: string,
  options: ProductOption[],
  stockOf: (values: string[]) => number,
  priceOf: (values: string[]) => number | null = () => null,
): VariantInput[] {
  const rows = options.reduce<string[][]>(
    (acc, option) => acc.flatMap((row) => option.values.map((value) => [...row, value])),
    [[]],
  );
  return rows.map((values) => ({
    sku: [prefix, ...values.map((v) => v.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase())].join('-'),
    options: Object.fromEntries(options.map((option, i) => [option.name, values[i] ?? ''])),
    stockQty: stockOf(values),
    priceCents: priceOf(values),
  }));
}

const SIZES = { name: 'Taille', values: ['XS', 'S', 'M', 'L', 'XL'] };

/** Clothes sold in sizes (and colours where it fits), one size sold out on each. */
export const DEMO_CLOTHING: DemoClothing[] = [
  {
    name: 'T-Shirt Bio Col Rond',
    description: 'T-shirt en coton biologique, col rond, en blanc ou en noir.',
    priceCents: 2499,
    category: 't-shirts',
    options: [SIZES, { name: 'Couleur', values: ['Blanc', 'Noir'] }],
    variants: combinations(
      'TSH-BIO',
      [SIZES, { name: 'Couleur', values: ['Blanc', 'Noir'] }],
      ([size, colour]) => (size === 'M' && colour === 'Noir' ? 0 : 12),
    ),
    picture: { garment: 'tshirt', colour: [232, 232, 226], background: [206, 222, 240] },
  },
  {
    name: 'Sweat Zippé Marine',
    description: 'Sweat zippé molletonné, bleu marine, poches kangourou.',
    priceCents: 5999,
    category: 'sweats',
    options: [{ name: 'Taille', values: ['S', 'M', 'L', 'XL'] }],
    variants: combinations('SWZ-MAR', [{ name: 'Taille', values: ['S', 'M', 'L', 'XL'] }], ([size]) =>
      size === 'XL' ? 0 : 15,
    ),
    picture: { garment: 'hoodie', colour: [40, 56, 96], background: [236, 226, 206] },
  },
  {
    name: 'Jean Slim Brut',
    description: 'Jean slim en denim brut stretch. Le 44 est coupé dans un denim plus lourd.',
    priceCents: 7499,
    category: 'jeans',
    options: [{ name: 'Taille', values: ['36', '38', '40', '42', '44'] }],
    variants: combinations(
      'JEA-SLIM',
      [{ name: 'Taille', values: ['36', '38', '40', '42', '44'] }],
      ([size]) => (size === '36' ? 0 : 10),
      ([size]) => (size === '44' ? 7999 : null),
    ),
    picture: { garment: 'jeans', colour: [34, 48, 84], background: [226, 236, 222] },
  },
  {
    name: 'Pull Marin Rayé',
    description: 'Pull marin en laine, rayé, en écru ou en marine.',
    priceCents: 6999,
    category: 'pulls',
    options: [
      { name: 'Taille', values: ['S', 'M', 'L'] },
      { name: 'Couleur', values: ['Écru', 'Marine'] },
    ],
    variants: combinations(
      'PUL-MAR',
      [
        { name: 'Taille', values: ['S', 'M', 'L'] },
        { name: 'Couleur', values: ['Écru', 'Marine'] },
      ],
      ([size, colour]) => (size === 'L' && colour === 'Écru' ? 0 : 10),
    ),
    picture: { garment: 'sweater', colour: [238, 230, 210], background: [206, 216, 236] },
  },
  {
    name: 'Doudoune Légère',
    description: 'Doudoune légère sans manches, garnissage recyclé.',
    priceCents: 11999,
    category: 'vestes',
    options: [SIZES],
    variants: combinations('DOU-LEG', [SIZES], ([size]) => (size === 'XS' ? 0 : 10)),
    picture: { garment: 'jacket', colour: [60, 80, 62], background: [240, 224, 214] },
  },
];
