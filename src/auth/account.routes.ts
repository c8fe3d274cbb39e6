import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf, tokenOf } from '../platform/auth-guard.js';
import { MessageResponseSchema } from '../platform/schemas.js';
import { Errors } from '../shared/error-catalog.js';
import type { AccountService } from './account.service.js';
import {
  ChangePasswordBodySchema,
  ForgotPasswordBodySchema,
  ResetPasswordBodySchema,
  VerifyEmailBodySchema,
} from './auth.schemas.js';
import { type MailThrottleOptions, mailThrottle } from './mail-throttle.js';
import { normalizeEmail } from './user.js';

const tags = ['Authentification'];

interface AccountRouteDeps {
  accounts: AccountService;
  throttle: MailThrottleOptions;
}

/** Recovering and keeping an account (issue 26): password forgotten, reset, changed; address verified. */
export const accountRoutes: FastifyPluginAsyncZod<AccountRouteDeps> = async (app, { accounts, throttle }) => {
  const takeSlots = mailThrottle(throttle);

  app.post(
    '/password/forgot',
    {
      config: { access: 'public', errors: [Errors.tooManyMailRequests] },
      schema: {
        tags,
        operationId: 'forgotPassword',
        summary:
          'Mot de passe oublié : envoie un lien à l’adresse si elle est celle d’un compte (même réponse sinon)',
        body: ForgotPasswordBodySchema,
        response: { 202: MessageResponseSchema },
      },
    },
    async (request, reply) => {
      const email = normalizeEmail(request.body.email);
      await takeSlots(reply, [`ip:${request.ip}`, `email:${email}`]);
      await accounts.forgotPassword(email);
      return reply
        .code(202)
        .send({ message: 'Si un compte existe pour cette adresse, un lien vient de lui être envoyé.' });
    },
  );

  app.post(
    '/password/reset',
    {
      config: { access: 'public', errors: [Errors.resetTokenInvalid] },
      schema: {
        tags,
        operationId: 'resetPassword',
        summary: 'Choisir un nouveau mot de passe avec le lien reçu (ferme toutes les sessions)',
        body: ResetPasswordBodySchema,
        response: { 200: MessageResponseSchema },
      },
    },
    async (request) => {
      await accounts.resetPassword(request.body.token, request.body.password);
      return { message: 'Mot de passe modifié.' };
    },
  );

  app.put(
    '/password',
    {
      config: { access: 'user', errors: [Errors.userNotFound, Errors.currentPasswordWrong] },
      schema: {
        tags,
        operationId: 'changePassword',
        summary: 'Changer son mot de passe (ferme ses autres sessions)',
        body: ChangePasswordBodySchema,
        response: { 200: MessageResponseSchema },
      },
    },
    async (request) => {
      const { current_password, new_password } = request.body;
      await accounts.changePassword(actorOf(request), tokenOf(request), current_password, new_password);
      return { message: 'Mot de passe modifié.' };
    },
  );

  app.post(
    '/email/verify',
    {
      config: { access: 'public', errors: [Errors.verifyTokenInvalid, Errors.emailTaken] },
      schema: {
        tags,
        operationId: 'verifyEmail',
        summary: 'Vérifier son adresse (ou confirmer la nouvelle) avec le lien reçu',
        body: VerifyEmailBodySchema,
        response: { 200: MessageResponseSchema },
      },
    },
    async (request) => {
      await accounts.verifyEmail(request.body.token);
      return { message: 'Adresse e-mail vérifiée.' };
    },
  );

  app.post(
    '/email/resend',
    {
      config: {
        access: 'user',
        errors: [Errors.userNotFound, Errors.emailAlreadyVerified, Errors.tooManyMailRequests],
      },
      schema: {
        tags,
        operationId: 'resendVerification',
        summary: 'Renvoyer le lien de vérification de son adresse',
        response: { 202: MessageResponseSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await takeSlots(reply, [`ip:${request.ip}`, `user:${actor.userId}`]);
      await accounts.resendVerification(actor);
      return reply.code(202).send({ message: 'Un nouveau lien de vérification vient d’être envoyé.' });
    },
  );
};
