import { defineError } from './errors.js';

/**
 * Every message the API sends, in one place: each entry is a stable code, its HTTP status
 * and its French message. Services and handlers throw `Errors.x()`; routes declare the
 * entries they may answer (`config.errors`), and the OpenAPI document lists them from there.
 * Nothing else in src/ writes a client-facing error text (test/platform/error-texts.test.ts).
 */
export const Errors = {
  // auth
  tokenMissing: defineError(401, 'TOKEN_MISSING', 'Token manquant'),
  tokenMalformed: defineError(401, 'TOKEN_MALFORMED', 'Format de token invalide'),
  tokenInvalid: defineError(401, 'TOKEN_INVALID', 'Token invalide ou expiré'),
  adminRequired: defineError(403, 'ADMIN_REQUIRED', 'Droits administrateur requis'),
  emailTaken: defineError(400, 'EMAIL_TAKEN', 'Email déjà utilisé.'),
  invalidCredentials: defineError(401, 'INVALID_CREDENTIALS', 'Identifiants invalides.'),
  tooManyAttempts: defineError(429, 'TOO_MANY_ATTEMPTS', 'Trop de tentatives, réessayez plus tard.'),
  userNotFound: defineError(404, 'USER_NOT_FOUND', 'Utilisateur introuvable'),

  // catalog
  productNotFound: defineError(404, 'PRODUCT_NOT_FOUND', 'Produit introuvable'),
  productUnavailable: defineError(404, 'PRODUCT_UNAVAILABLE', 'Produit non disponible'),
  imageNotFound: defineError(404, 'IMAGE_NOT_FOUND', 'Image introuvable'),
  cursorInvalid: defineError(400, 'CURSOR_INVALID', 'Curseur de pagination invalide.'),

  // cart
  cartProductNotFound: defineError(400, 'CART_PRODUCT_NOT_FOUND', 'Produit introuvable.'),
  cartProductInactive: defineError(400, 'CART_PRODUCT_INACTIVE', 'Produit inactif.'),
  cartStockInsufficient: defineError(400, 'CART_STOCK_INSUFFICIENT', 'Stock insuffisant.'),

  // checkout and payment
  cartEmpty: defineError(400, 'CART_EMPTY', 'Panier vide.'),
  checkoutProductUnavailable: defineError(400, 'CHECKOUT_PRODUCT_UNAVAILABLE', 'Produit indisponible.'),
  checkoutStockInsufficient: defineError(
    400,
    'CHECKOUT_STOCK_INSUFFICIENT',
    'Stock insuffisant pour {name}.',
  ),
  orderNotFound: defineError(404, 'ORDER_NOT_FOUND', 'Commande introuvable'),
  orderForbidden: defineError(403, 'ORDER_FORBIDDEN', 'Accès non autorisé à cette commande'),
  orderNotPayable: defineError(400, 'ORDER_NOT_PAYABLE', 'Statut de commande incompatible avec le paiement.'),
  cardExpired: defineError(400, 'CARD_EXPIRED', 'Carte expirée.'),
  paymentDeclined: defineError(400, 'PAYMENT_DECLINED', 'Paiement refusé.'),
  invoiceNotFound: defineError(404, 'INVOICE_NOT_FOUND', 'Facture introuvable'),

  // cancellation
  cancelTooLate: defineError(400, 'CANCEL_TOO_LATE', 'Trop tard pour annuler : commande expédiée.'),
  alreadyCancelled: defineError(400, 'ALREADY_CANCELLED', 'Commande déjà annulée.'),
  paymentInProgress: defineError(
    409,
    'PAYMENT_IN_PROGRESS',
    'Paiement en cours pour cette commande, réessayez dans un instant.',
  ),

  // idempotency
  idempotencyKeyReused: defineError(
    409,
    'IDEMPOTENCY_KEY_REUSED',
    "Clé d'idempotence déjà utilisée avec une autre requête.",
  ),
  idempotencyInProgress: defineError(
    409,
    'IDEMPOTENCY_IN_PROGRESS',
    'Une requête avec cette clé est déjà en cours de traitement.',
  ),
  idempotencyKeysExhausted: defineError(
    429,
    'IDEMPOTENCY_KEYS_EXHAUSTED',
    "Trop de requêtes avec clé d'idempotence en cours, réessayez dans un instant.",
  ),

  // admin order moves
  validateRefused: defineError(400, 'VALIDATE_REFUSED', 'Commande introuvable ou mauvais statut.'),
  shipRefused: defineError(400, 'SHIP_REFUSED', 'La commande doit être payée pour être expédiée.'),
  deliverRefused: defineError(400, 'DELIVER_REFUSED', 'Commande non expédiée.'),
  refundBadStatus: defineError(400, 'REFUND_BAD_STATUS', 'Remboursement non autorisé au statut actuel.'),
  refundNoPayment: defineError(400, 'REFUND_NO_PAYMENT', 'Aucun paiement initial.'),
  refundBadAmount: defineError(400, 'REFUND_BAD_AMOUNT', 'Montant de remboursement invalide.'),

  // support
  subjectTooShort: defineError(400, 'SUBJECT_TOO_SHORT', 'Le sujet doit contenir au moins 3 caractères'),
  messageEmpty: defineError(400, 'MESSAGE_EMPTY', 'Le message ne peut pas être vide'),
  threadOrderForbidden: defineError(403, 'THREAD_ORDER_FORBIDDEN', 'Cette commande ne vous appartient pas'),
  threadNotFound: defineError(404, 'THREAD_NOT_FOUND', 'Fil de discussion introuvable'),
  threadForbidden: defineError(403, 'THREAD_FORBIDDEN', 'Accès non autorisé à ce fil'),
  threadClosed: defineError(400, 'THREAD_CLOSED', 'Ce fil de discussion est fermé'),
  nameNotVisible: defineError(
    422,
    'NAME_NOT_VISIBLE',
    'Le prénom et le nom doivent contenir un caractère visible.',
  ),
  tooManyOpenThreads: defineError(429, 'TOO_MANY_OPEN_THREADS', 'Trop de demandes ouvertes.'),
  replyRefused: defineError(400, 'REPLY_REFUSED', 'Fil introuvable ou fermé.'),

  // admin products and uploads
  productNameRequired: defineError(400, 'PRODUCT_NAME_REQUIRED', "Le champ 'name' est requis"),
  productPriceRequired: defineError(
    400,
    'PRODUCT_PRICE_REQUIRED',
    "Le champ 'price' ou 'price_cents' est requis",
  ),
  stockRequired: defineError(400, 'STOCK_REQUIRED', "Le champ 'stock' ou 'stock_qty' est requis"),
  notAnImage: defineError(400, 'NOT_AN_IMAGE', 'Le fichier doit être une image'),
  fileMissing: defineError(400, 'FILE_MISSING', "Le champ 'file' est requis"),
  multipartBoundaryMissing: defineError(
    400,
    'MULTIPART_BOUNDARY_MISSING',
    "En-tête Content-Type multipart sans paramètre 'boundary'",
  ),
  // the multipart parser's limits ({max}: MULTIPART_LIMITS in src/platform/multipart.ts)
  fileTooLarge: defineError(413, 'FILE_TOO_LARGE', 'Fichier trop volumineux'),
  tooManyFiles: defineError(413, 'TOO_MANY_FILES', 'Un seul fichier par envoi'),
  tooManyFields: defineError(413, 'TOO_MANY_FIELDS', 'Trop de champs dans le formulaire ({max} au plus)'),
  tooManyParts: defineError(413, 'TOO_MANY_PARTS', 'Trop de parties dans le formulaire ({max} au plus)'),
  forbiddenFieldName: defineError(400, 'FORBIDDEN_FIELD_NAME', 'Nom de champ interdit dans le formulaire'),
  multipartRequired: defineError(415, 'MULTIPART_REQUIRED', 'Envoyez le fichier en multipart/form-data'),

  // any request: what the framework, the parsers and the limits refuse (src/platform/framework-errors.ts)
  validationFailed: defineError(422, 'VALIDATION_FAILED', 'Valeur invalide', {
    validationType: 'value_error',
  }),
  jsonInvalid: defineError(422, 'JSON_INVALID', 'JSON invalide', { validationType: 'json_invalid' }),
  jsonTooDeep: defineError(422, 'JSON_TOO_DEEP', 'JSON trop imbriqué ({max} niveaux au plus)', {
    validationType: 'json_too_deep',
  }),
  bodyTooLarge: defineError(413, 'BODY_TOO_LARGE', 'Corps de requête trop volumineux'),
  unsupportedMediaType: defineError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Type de contenu non supporté'),
  contentLengthInvalid: defineError(400, 'CONTENT_LENGTH_INVALID', 'En-tête Content-Length invalide'),
  urlInvalid: defineError(400, 'URL_INVALID', 'URL invalide'),
  urlTooLong: defineError(414, 'URL_TOO_LONG', 'URL trop longue'),
  headersTooLarge: defineError(431, 'HEADERS_TOO_LARGE', 'En-têtes de requête trop volumineux'),
  requestTimeout: defineError(408, 'REQUEST_TIMEOUT', 'Délai de requête dépassé'),
  malformedRequest: defineError(400, 'MALFORMED_REQUEST', 'Requête HTTP mal formée'),
  clientAborted: defineError(400, 'CLIENT_ABORTED', 'Requête interrompue par le client'),
  notFound: defineError(404, 'NOT_FOUND', 'Ressource introuvable'),
  badRequest: defineError(400, 'BAD_REQUEST', 'Requête invalide'),
  methodNotAllowed: defineError(405, 'METHOD_NOT_ALLOWED', 'Méthode non autorisée'),
  notAcceptable: defineError(406, 'NOT_ACCEPTABLE', 'Format de réponse non disponible'),
  rateLimited: defineError(429, 'RATE_LIMITED', 'Trop de requêtes, réessayez plus tard.'),
  storeUnavailable: defineError(503, 'STORE_UNAVAILABLE', 'Service indisponible'),
  internalError: defineError(500, 'INTERNAL_ERROR', 'Erreur interne du serveur'),

  // operations (issue 28): load shedding
  overloaded: defineError(503, 'OVERLOADED', 'Service surchargé, réessayez dans un instant.'),
} as const;

/**
 * The API's own messages inside a 422's `{loc, msg, type}` items, beside zod's (French)
 * ones: the schemas and the NUL guard take them from here.
 */
export const FieldMessages = {
  cardNumberDigits: 'Le numéro de carte doit contenir 16 chiffres',
  cvcDigits: 'Le cryptogramme doit contenir 3 ou 4 chiffres',
  priceDecimals: 'Le prix doit avoir au plus 2 décimales',
  nulCharacter: 'Le caractère NUL (U+0000) n’est pas accepté',
} as const;
