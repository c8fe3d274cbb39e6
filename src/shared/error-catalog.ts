import {
  BusinessRuleError,
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  TooManyRequestsError,
  UnauthorizedError,
} from './errors.js';

/**
 * The contract's error messages, in one place. Services throw `Errors.x()`, so a
 * message is spelled once and its code stays stable for clients and logs.
 */
export const Errors = {
  // auth
  tokenMissing: () => new UnauthorizedError('TOKEN_MISSING', 'Token manquant'),
  tokenMalformed: () => new UnauthorizedError('TOKEN_MALFORMED', 'Format de token invalide'),
  tokenInvalid: () => new UnauthorizedError('TOKEN_INVALID', 'Token invalide ou expiré'),
  adminRequired: () => new ForbiddenError('ADMIN_REQUIRED', 'Droits administrateur requis'),
  emailTaken: () => new BusinessRuleError('EMAIL_TAKEN', 'Email déjà utilisé.'),
  invalidCredentials: () => new UnauthorizedError('INVALID_CREDENTIALS', 'Identifiants invalides.'),
  userNotFound: () => new NotFoundError('USER_NOT_FOUND', 'Utilisateur introuvable'),

  // catalog
  productNotFound: () => new NotFoundError('PRODUCT_NOT_FOUND', 'Produit introuvable'),
  productUnavailable: () => new NotFoundError('PRODUCT_UNAVAILABLE', 'Produit non disponible'),
  cursorInvalid: () => new BusinessRuleError('CURSOR_INVALID', 'Curseur de pagination invalide.'),

  // cart
  cartProductNotFound: () => new BusinessRuleError('CART_PRODUCT_NOT_FOUND', 'Produit introuvable.'),
  cartProductInactive: () => new BusinessRuleError('CART_PRODUCT_INACTIVE', 'Produit inactif.'),
  cartStockInsufficient: () => new BusinessRuleError('CART_STOCK_INSUFFICIENT', 'Stock insuffisant.'),

  // checkout and payment
  cartEmpty: () => new BusinessRuleError('CART_EMPTY', 'Panier vide.'),
  checkoutProductUnavailable: () =>
    new BusinessRuleError('CHECKOUT_PRODUCT_UNAVAILABLE', 'Produit indisponible.'),
  checkoutStockInsufficient: (name: string) =>
    new BusinessRuleError('CHECKOUT_STOCK_INSUFFICIENT', `Stock insuffisant pour ${name}.`),
  orderNotFound: () => new NotFoundError('ORDER_NOT_FOUND', 'Commande introuvable'),
  orderForbidden: () => new ForbiddenError('ORDER_FORBIDDEN', 'Accès non autorisé à cette commande'),
  orderNotPayable: () =>
    new BusinessRuleError('ORDER_NOT_PAYABLE', 'Statut de commande incompatible avec le paiement.'),
  cardExpired: () => new BusinessRuleError('CARD_EXPIRED', 'Carte expirée.'),
  paymentDeclined: () => new BusinessRuleError('PAYMENT_DECLINED', 'Paiement refusé.'),
  invoiceNotFound: () => new NotFoundError('INVOICE_NOT_FOUND', 'Facture introuvable'),

  // cancellation
  cancelTooLate: () =>
    new BusinessRuleError('CANCEL_TOO_LATE', 'Trop tard pour annuler : commande expédiée.'),
  alreadyCancelled: () => new BusinessRuleError('ALREADY_CANCELLED', 'Commande déjà annulée.'),
  paymentInProgress: () =>
    new ConflictError(
      'PAYMENT_IN_PROGRESS',
      'Paiement en cours pour cette commande, réessayez dans un instant.',
    ),

  // idempotency
  idempotencyKeyReused: () =>
    new ConflictError('IDEMPOTENCY_KEY_REUSED', "Clé d'idempotence déjà utilisée avec une autre requête."),
  idempotencyInProgress: () =>
    new ConflictError(
      'IDEMPOTENCY_IN_PROGRESS',
      'Une requête avec cette clé est déjà en cours de traitement.',
    ),
  idempotencyKeysExhausted: () =>
    new TooManyRequestsError(
      'IDEMPOTENCY_KEYS_EXHAUSTED',
      "Trop de requêtes avec clé d'idempotence en cours, réessayez dans un instant.",
    ),

  // admin order moves
  validateRefused: () => new BusinessRuleError('VALIDATE_REFUSED', 'Commande introuvable ou mauvais statut.'),
  shipRefused: () => new BusinessRuleError('SHIP_REFUSED', 'La commande doit être payée pour être expédiée.'),
  deliverRefused: () => new BusinessRuleError('DELIVER_REFUSED', 'Commande non expédiée.'),
  refundBadStatus: () =>
    new BusinessRuleError('REFUND_BAD_STATUS', 'Remboursement non autorisé au statut actuel.'),
  refundNoPayment: () => new BusinessRuleError('REFUND_NO_PAYMENT', 'Aucun paiement initial.'),
  refundBadAmount: () => new BusinessRuleError('REFUND_BAD_AMOUNT', 'Montant de remboursement invalide.'),

  // support
  subjectTooShort: () =>
    new BusinessRuleError('SUBJECT_TOO_SHORT', 'Le sujet doit contenir au moins 3 caractères'),
  messageEmpty: () => new BusinessRuleError('MESSAGE_EMPTY', 'Le message ne peut pas être vide'),
  threadOrderForbidden: () =>
    new ForbiddenError('THREAD_ORDER_FORBIDDEN', 'Cette commande ne vous appartient pas'),
  threadNotFound: () => new NotFoundError('THREAD_NOT_FOUND', 'Fil de discussion introuvable'),
  threadForbidden: () => new ForbiddenError('THREAD_FORBIDDEN', 'Accès non autorisé à ce fil'),
  threadClosed: () => new BusinessRuleError('THREAD_CLOSED', 'Ce fil de discussion est fermé'),
  nameNotVisible: () =>
    new InvalidInputError('NAME_NOT_VISIBLE', 'Le prénom et le nom doivent contenir un caractère visible.'),
  tooManyOpenThreads: () => new TooManyRequestsError('TOO_MANY_OPEN_THREADS', 'Trop de demandes ouvertes.'),
  replyRefused: () => new BusinessRuleError('REPLY_REFUSED', 'Fil introuvable ou fermé.'),

  // admin products and uploads
  productNameRequired: () => new BusinessRuleError('PRODUCT_NAME_REQUIRED', "Le champ 'name' est requis"),
  productPriceRequired: () =>
    new BusinessRuleError('PRODUCT_PRICE_REQUIRED', "Le champ 'price' ou 'price_cents' est requis"),
  stockRequired: () => new BusinessRuleError('STOCK_REQUIRED', "Le champ 'stock' ou 'stock_qty' est requis"),
  notAnImage: () => new BusinessRuleError('NOT_AN_IMAGE', 'Le fichier doit être une image'),
  fileMissing: () => new BusinessRuleError('FILE_MISSING', "Le champ 'file' est requis"),
  multipartBoundaryMissing: () =>
    new BusinessRuleError(
      'MULTIPART_BOUNDARY_MISSING',
      "En-tête Content-Type multipart sans paramètre 'boundary'",
    ),
} as const;
