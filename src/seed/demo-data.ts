import type { AppContext } from '../context.js';
import { DEMO_CATEGORIES, DEMO_CLOTHING, ORIGINAL_PRODUCT_CATEGORIES } from './demo-clothing.js';
import { drawGarment, type Picture } from './demo-images.js';

/** docs/http-api.md, "Demo data". Loaded through the services, so demo data obeys the same rules as real data. */
const DEMO_USERS = [
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
    picture: { garment: 'tshirt', colour: [246, 246, 242], background: [196, 220, 236] } satisfies Picture,
  },
  {
    name: 'T-Shirt Classic Noir',
    priceCents: 1999,
    stockQty: 120,
    description: 'T-shirt en coton bio, coupe classique, noir.',
    picture: { garment: 'tshirt', colour: [38, 38, 42], background: [236, 214, 196] } satisfies Picture,
  },
  {
    name: 'Sweat à Capuche Gris',
    priceCents: 4999,
    stockQty: 75,
    description: 'Sweat molletonné à capuche, gris chiné.',
    picture: { garment: 'hoodie', colour: [150, 152, 158], background: [214, 236, 214] } satisfies Picture,
  },
  {
    name: 'Jean Coupe Droite',
    priceCents: 6999,
    stockQty: 60,
    description: 'Jean brut en denim résistant, coupe droite.',
    picture: { garment: 'jeans', colour: [52, 78, 130], background: [240, 228, 200] } satisfies Picture,
  },
  {
    name: 'Veste en Jean',
    priceCents: 7999,
    stockQty: 40,
    description: 'Veste en jean délavé, boutons métalliques.',
    picture: { garment: 'jacket', colour: [104, 140, 190], background: [244, 222, 210] } satisfies Picture,
  },
  {
    name: 'Casquette',
    priceCents: 2499,
    stockQty: 100,
    description: 'Casquette en coton réglable, visière courbée.',
    picture: { garment: 'cap', colour: [196, 52, 48], background: [220, 232, 244] } satisfies Picture,
  },
  {
    name: 'Ceinture Cuir Marron',
    priceCents: 3499,
    stockQty: 45,
    description: 'Ceinture en cuir véritable, boucle argentée.',
    picture: { garment: 'belt', colour: [122, 74, 40], background: [236, 236, 220] } satisfies Picture,
  },
  {
    name: 'Écharpe Laine',
    priceCents: 2999,
    stockQty: 35,
    description: 'Écharpe douce en laine mérinos.',
    picture: { garment: 'scarf', colour: [150, 40, 70], background: [226, 226, 240] } satisfies Picture,
  },
  {
    name: 'Pull Col Roulé Beige',
    priceCents: 7999,
    stockQty: 5,
    description: 'Pull col roulé en maille fine, beige.',
    picture: { garment: 'sweater', colour: [222, 200, 160], background: [200, 214, 206] } satisfies Picture,
  },
] as const;

/** Issue 25: the shop's delivery options; the first is the default. */
export const DEMO_SHIPPING_METHODS = [
  {
    code: 'colissimo',
    name: 'Colissimo domicile',
    priceCents: 490,
    freeFromCents: 5000,
    deliveryDays: 2,
    active: true,
    isDefault: true,
  },
  {
    code: 'mondial-relay',
    name: 'Mondial Relay point relais',
    priceCents: 390,
    freeFromCents: null,
    deliveryDays: 4,
    active: true,
    isDefault: false,
  },
  {
    code: 'retrait-boutique',
    name: 'Retrait en boutique',
    priceCents: 0,
    freeFromCents: null,
    deliveryDays: 1,
    active: true,
    isDefault: false,
  },
] as const;

export async function seedDemoData({ config, services, clock }: AppContext): Promise<void> {
  for (const method of DEMO_SHIPPING_METHODS) await services.shipping.create(method);
  const userIds = new Map<string, string>();
  for (const { isAdmin, ...account } of DEMO_USERS) {
    const user = await services.auth.createAccount(account, { isAdmin, verified: true });
    userIds.set(account.email, user.id);
  }
  const categoryIds = new Map<string, string>();
  for (const [position, { slug, name, parent }] of DEMO_CATEGORIES.entries()) {
    const parentId = parent === null ? null : (categoryIds.get(parent) ?? null);
    categoryIds.set(slug, (await services.categories.create({ name, slug, parentId, position })).id);
  }
  const categoryOf = (slug: string | undefined) => (slug ? [categoryIds.get(slug) ?? ''] : []);
  // Stored like an upload and given as an absolute URL: the SPA puts image_url in <img src> as it is.
  const imageOf = async (picture: Picture) =>
    config.publicUrl + (await services.images.upload(drawGarment(picture)));
  const productIds = new Map<string, string>();
  for (const { picture, ...product } of DEMO_PRODUCTS) {
    const created = await services.catalog.createFromInput({
      ...product,
      imageUrl: await imageOf(picture),
      categoryIds: categoryOf(ORIGINAL_PRODUCT_CATEGORIES[product.name]),
    });
    productIds.set(product.name, created.id);
  }
  for (const { picture, category, ...product } of DEMO_CLOTHING) {
    await services.catalog.createFromInput({
      ...product,
      imageUrl: await imageOf(picture),
      categoryIds: categoryOf(category),
    });
  }

  const customer = (email: string) => ({ userId: userIds.get(email) ?? '', isAdmin: false });
  const product = (name: string) => productIds.get(name) ?? '';
  const card = {
    number: '4242424242424242',
    expMonth: 12,
    expYear: new Date(clock.now()).getUTCFullYear() + 3,
    cvc: '123',
  };

  const alice = customer('alice@example.com');
  await services.cart.add(alice.userId, product('T-Shirt Classic Blanc'), undefined, 2);
  await services.cart.add(alice.userId, product('Sweat à Capuche Gris'), undefined, 1);
  const aliceOrder = await services.orders.checkout(alice, null);
  await services.orders.validate(aliceOrder.id);
  await services.payments.pay(alice, aliceOrder.id, card);
  await services.orders.ship(aliceOrder.id, 'POSTE');
  await services.orders.deliver(aliceOrder.id);

  const bob = customer('bob@example.com');
  await services.cart.add(bob.userId, product('Jean Coupe Droite'), undefined, 1);
  await services.cart.add(bob.userId, product('Casquette'), undefined, 1);
  const bobOrder = await services.orders.checkout(bob, null);
  await services.orders.validate(bobOrder.id);
  await services.payments.pay(bob, bobOrder.id, card);

  const aliceThread = await services.support.open(alice, {
    subject: 'Question sur la taille',
    initialMessage: 'Bonjour, le sweat taille-t-il grand ? Je fais habituellement du M.',
    orderId: aliceOrder.id,
  });
  await services.support.reply(
    aliceThread.id,
    'Bonjour Alice, il taille normalement : le M vous ira très bien.',
  );
  await services.support.close(aliceThread.id);

  await services.support.open(bob, {
    subject: 'Délai de livraison ?',
    initialMessage: 'Bonjour, quand ma commande sera-t-elle expédiée ?',
    orderId: bobOrder.id,
  });

  const charlie = customer('charlie@example.com');
  await services.cart.add(charlie.userId, product('Veste en Jean'), undefined, 1);
  await services.cart.add(charlie.userId, product('Écharpe Laine'), undefined, 1);
}

/** Loads the demo data into empty stores only, so a restart on a database keeps what is there. */
export async function seedIfEmpty(ctx: AppContext): Promise<boolean> {
  if ((await ctx.repos.users.count()) > 0) return false;
  await seedDemoData(ctx);
  return true;
}
