import type { AppContext } from '../context.js';

/** Contract §5. Loaded through the services, so demo data obeys the same rules as real data. */
export const DEMO_USERS = [
  {
    email: 'admin@example.com',
    password: 'admin123',
    firstName: 'Admin',
    lastName: 'Boutique',
    address: "1 Avenue de l'Administration, 75001 Paris",
    isAdmin: true,
  },
  {
    email: 'alice@example.com',
    password: 'password123',
    firstName: 'Alice',
    lastName: 'Martin',
    address: '12 Rue des Fleurs, 69001 Lyon',
    isAdmin: false,
  },
  {
    email: 'bob@example.com',
    password: 'password123',
    firstName: 'Bob',
    lastName: 'Durand',
    address: '34 Boulevard Victor Hugo, 31000 Toulouse',
    isAdmin: false,
  },
  {
    email: 'charlie@example.com',
    password: 'password123',
    firstName: 'Charlie',
    lastName: 'Dubois',
    address: '56 Avenue de la République, 13001 Marseille',
    isAdmin: false,
  },
] as const;

export const DEMO_PRODUCTS = [
  {
    name: 'T-Shirt Classic Blanc',
    priceCents: 1999,
    stockQty: 150,
    description: 'T-shirt en coton bio, coupe classique, blanc.',
  },
  {
    name: 'T-Shirt Classic Noir',
    priceCents: 1999,
    stockQty: 120,
    description: 'T-shirt en coton bio, coupe classique, noir.',
  },
  {
    name: 'Sweat à Capuche Gris',
    priceCents: 4999,
    stockQty: 75,
    description: 'Sweat molletonné à capuche, gris chiné.',
  },
  {
    name: 'Jean Coupe Droite',
    priceCents: 6999,
    stockQty: 60,
    description: 'Jean brut en denim résistant, coupe droite.',
  },
  {
    name: 'Veste en Jean',
    priceCents: 7999,
    stockQty: 40,
    description: 'Veste en jean délavé, boutons métalliques.',
  },
  {
    name: 'Casquette',
    priceCents: 2499,
    stockQty: 100,
    description: 'Casquette en coton réglable, visière courbée.',
  },
  {
    name: 'Ceinture Cuir Marron',
    priceCents: 3499,
    stockQty: 45,
    description: 'Ceinture en cuir véritable, boucle argentée.',
  },
  { name: 'Écharpe Laine', priceCents: 2999, stockQty: 35, description: 'Écharpe douce en laine mérinos.' },
  {
    name: 'Pull Col Roulé Beige',
    priceCents: 7999,
    stockQty: 5,
    description: 'Pull col roulé en maille fine, beige.',
  },
] as const;

export async function seedDemoData({ services }: AppContext): Promise<void> {
  for (const { isAdmin, ...account } of DEMO_USERS) {
    await services.auth.createAccount(account, { isAdmin });
  }
  for (const product of DEMO_PRODUCTS) {
    await services.catalog.create({ ...product, imageUrl: null, active: true });
  }
}
