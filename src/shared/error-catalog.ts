import { BusinessRuleError, ForbiddenError, NotFoundError, UnauthorizedError } from './errors.js';

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
} as const;
