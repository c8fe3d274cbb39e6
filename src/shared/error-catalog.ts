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

  // variants and categories
  variantRequired: defineError(400, 'VARIANT_REQUIRED', 'Choisissez une déclinaison du produit : {options}.'),
  variantNotFound: defineError(404, 'VARIANT_NOT_FOUND', 'Déclinaison introuvable'),
  skuTaken: defineError(409, 'SKU_TAKEN', 'Cette référence (SKU) est déjà utilisée.'),
  combinationTaken: defineError(
    409,
    'COMBINATION_TAKEN',
    'Une déclinaison de ce produit a déjà ces valeurs d’options.',
  ),
  productOptionsInvalid: defineError(
    400,
    'PRODUCT_OPTIONS_INVALID',
    'Options du produit invalides : chaque option a un nom unique et des valeurs uniques.',
  ),
  variantOptionsInvalid: defineError(
    400,
    'VARIANT_OPTIONS_INVALID',
    'Une déclinaison donne une valeur à chaque option du produit ({options}), choisie parmi ses valeurs.',
  ),
  variantsRequired: defineError(
    400,
    'VARIANTS_REQUIRED',
    'Un produit à options se crée avec ses déclinaisons (variants).',
  ),
  categoryNotFound: defineError(404, 'CATEGORY_NOT_FOUND', 'Catégorie introuvable'),
  categoryUnknown: defineError(400, 'CATEGORY_UNKNOWN', 'Catégorie inconnue dans category_ids ou parent_id.'),
  slugTaken: defineError(409, 'SLUG_TAKEN', 'Ce slug est déjà celui d’une autre catégorie.'),
  categoryCycle: defineError(
    400,
    'CATEGORY_CYCLE',
    'Une catégorie ne peut pas être placée sous elle-même ni sous une de ses sous-catégories.',
  ),
  categoryHasChildren: defineError(
    409,
    'CATEGORY_HAS_CHILDREN',
    'Cette catégorie a des sous-catégories : déplacez-les ou supprimez-les d’abord.',
  ),
  categoryHasProducts: defineError(
    409,
    'CATEGORY_HAS_PRODUCTS',
    'Des produits sont rangés dans cette catégorie : retirez-les-en d’abord.',
  ),

  // cart
  cartProductNotFound: defineError(400, 'CART_PRODUCT_NOT_FOUND', 'Produit introuvable.'),
  cartProductInactive: defineError(400, 'CART_PRODUCT_INACTIVE', 'Produit inactif.'),
  cartStockInsufficient: defineError(400, 'CART_STOCK_INSUFFICIENT', 'Stock insuffisant.'),
  cartVariantNotFound: defineError(400, 'CART_VARIANT_NOT_FOUND', 'Déclinaison introuvable pour ce produit.'),
  cartVariantInactive: defineError(400, 'CART_VARIANT_INACTIVE', 'Cette déclinaison n’est plus en vente.'),

  // checkout and payment
  cartEmpty: defineError(400, 'CART_EMPTY', 'Panier vide.'),
  checkoutProductUnavailable: defineError(
    400,
    'CHECKOUT_PRODUCT_UNAVAILABLE',
    'Produit indisponible : {name}.',
  ),
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

  // legal documents (issue 27)
  creditNoteNotFound: defineError(404, 'CREDIT_NOTE_NOT_FOUND', 'Avoir introuvable'),
  // shipping methods (src/shipping/)
  shippingMethodNotFound: defineError(404, 'SHIPPING_METHOD_NOT_FOUND', 'Mode de livraison introuvable'),
  shippingCodeTaken: defineError(409, 'SHIPPING_CODE_TAKEN', 'Un mode de livraison porte déjà ce code.'),
  shippingDefaultRequired: defineError(
    409,
    'SHIPPING_DEFAULT_REQUIRED',
    'Le mode de livraison par défaut ne peut être ni désactivé ni supprimé : choisissez d’abord un autre mode par défaut.',
  ),
  shippingDefaultInactive: defineError(
    409,
    'SHIPPING_DEFAULT_INACTIVE',
    'Un mode de livraison inactif ne peut pas être le mode par défaut.',
  ),
  shippingMethodUnavailable: defineError(
    400,
    'SHIPPING_METHOD_UNAVAILABLE',
    'Mode de livraison inconnu ou indisponible.',
  ),

  // promo codes (src/promotions/): why a code does not apply, then the admin's refusals
  promoUnknown: defineError(400, 'PROMO_UNKNOWN', 'Code promo inconnu.'),
  promoNotYetValid: defineError(400, 'PROMO_NOT_YET_VALID', 'Ce code promo n’est pas encore valable.'),
  promoExpired: defineError(400, 'PROMO_EXPIRED', 'Ce code promo a expiré.'),
  promoMinimumNotReached: defineError(
    400,
    'PROMO_MINIMUM_NOT_REACHED',
    'Ce code promo demande un minimum d’achat de {amount}.',
  ),
  promoUsedUp: defineError(
    400,
    'PROMO_USED_UP',
    'Ce code promo a atteint son nombre maximal d’utilisations.',
  ),
  promoAlreadyUsed: defineError(400, 'PROMO_ALREADY_USED', 'Vous avez déjà utilisé ce code promo.'),
  promotionNotFound: defineError(404, 'PROMOTION_NOT_FOUND', 'Promotion introuvable'),
  promotionCodeTaken: defineError(409, 'PROMOTION_CODE_TAKEN', 'Un code promo identique existe déjà.'),
  promotionValueInvalid: defineError(
    400,
    'PROMOTION_VALUE_INVALID',
    'Valeur de remise invalide : un pourcentage entier de 1 à 100, un montant fixe d’au moins 1 centime, aucune valeur pour la livraison offerte.',
  ),
  promotionDatesInvalid: defineError(
    400,
    'PROMOTION_DATES_INVALID',
    'La date de fin de la promotion doit suivre sa date de début.',
  ),
  promotionInUse: defineError(
    409,
    'PROMOTION_IN_USE',
    'Ce code promo a déjà servi : désactivez-le plutôt que de le supprimer.',
  ),

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

  // accounts and mail (issue 26)
  resetTokenInvalid: defineError(400, 'RESET_TOKEN_INVALID', 'Lien de réinitialisation invalide ou expiré.'),
  verifyTokenInvalid: defineError(400, 'VERIFY_TOKEN_INVALID', 'Lien de vérification invalide ou expiré.'),
  currentPasswordWrong: defineError(400, 'CURRENT_PASSWORD_WRONG', 'Mot de passe actuel incorrect.'),
  emailAlreadyVerified: defineError(400, 'EMAIL_ALREADY_VERIFIED', 'Adresse e-mail déjà vérifiée.'),
  emailNotVerified: defineError(
    403,
    'EMAIL_NOT_VERIFIED',
    'Vérifiez votre adresse e-mail avant de commander : un lien vous a été envoyé.',
  ),
  tooManyMailRequests: defineError(
    429,
    'TOO_MANY_MAIL_REQUESTS',
    "Trop de demandes d'e-mail, réessayez plus tard.",
  ),
  mailNotFound: defineError(404, 'MAIL_NOT_FOUND', 'E-mail introuvable'),
  mailNotFailed: defineError(409, 'MAIL_NOT_FAILED', 'Seul un e-mail en échec peut être renvoyé.'),

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
  optionFilter: 'Forme attendue : Nom:Valeur (par exemple Taille:M)',
  skuCharacters: 'Une référence (SKU) ne contient que des lettres, des chiffres, « . », « _ » et « - »',
  slugCharacters: 'Un slug ne contient que des minuscules sans accent, des chiffres et des tirets simples',
} as const;
