import { z } from 'zod';
import { greet, layout, shopLink } from './layout.js';
import { defineTemplate } from './template.js';

const Named = { firstName: z.string() };

export const verifyEmail = defineTemplate(
  'verify_email',
  z.object({ ...Named, token: z.string() }),
  ({ firstName, token }, shop) =>
    layout(shop, {
      subject: 'Vérifiez votre adresse e-mail',
      greeting: greet(firstName),
      paragraphs: [
        `Bienvenue chez ${shop.name} ! Pour confirmer que cette adresse est bien la vôtre, suivez le lien ci-dessous.`,
        "Si vous n'avez pas créé de compte, ignorez ce message.",
      ],
      action: { label: 'Vérifier mon adresse', url: shopLink(shop, '/verifier-email', { token }) },
    }),
);

export const emailChange = defineTemplate(
  'email_change',
  z.object({ ...Named, token: z.string(), newEmail: z.string() }),
  ({ firstName, token, newEmail }, shop) =>
    layout(shop, {
      subject: 'Confirmez votre nouvelle adresse e-mail',
      greeting: greet(firstName),
      paragraphs: [
        `Vous avez demandé à utiliser ${newEmail} pour votre compte. Elle remplacera l'ancienne dès que vous aurez suivi le lien ci-dessous.`,
        "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.",
      ],
      action: { label: 'Confirmer cette adresse', url: shopLink(shop, '/verifier-email', { token }) },
    }),
);

export const emailChangeNotice = defineTemplate(
  'email_change_notice',
  z.object({ ...Named, newEmail: z.string() }),
  ({ firstName, newEmail }, shop) =>
    layout(shop, {
      subject: "Changement d'adresse e-mail demandé",
      greeting: greet(firstName),
      paragraphs: [
        `Un changement de l'adresse de votre compte vers ${newEmail} a été demandé. Votre adresse actuelle reste valable tant que la nouvelle n'est pas confirmée.`,
        "Si vous n'êtes pas à l'origine de cette demande, changez votre mot de passe.",
      ],
    }),
);

export const passwordForgot = defineTemplate(
  'password_forgot',
  z.object({ token: z.string(), ttlMinutes: z.number().int() }),
  ({ token, ttlMinutes }, shop) =>
    layout(shop, {
      subject: 'Réinitialisation de votre mot de passe',
      greeting: greet(),
      paragraphs: [
        `Pour choisir un nouveau mot de passe, suivez le lien ci-dessous. Il est valable ${ttlMinutes} minutes et une seule fois.`,
        "Si vous n'avez rien demandé, ignorez ce message : votre mot de passe reste inchangé.",
      ],
      action: {
        label: 'Choisir un nouveau mot de passe',
        url: shopLink(shop, '/nouveau-mot-de-passe', { token }),
      },
    }),
);

export const passwordChanged = defineTemplate('password_changed', z.object(Named), ({ firstName }, shop) =>
  layout(shop, {
    subject: 'Mot de passe modifié',
    greeting: greet(firstName),
    paragraphs: [
      'Le mot de passe de votre compte vient d’être modifié, et toutes vos sessions ont été fermées.',
      "Si vous n'êtes pas à l'origine de ce changement, demandez tout de suite un nouveau mot de passe.",
    ],
    action: { label: 'Mot de passe oublié', url: shopLink(shop, '/mot-de-passe-oublie') },
  }),
);
