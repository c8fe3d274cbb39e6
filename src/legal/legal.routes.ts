import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../platform/auth-guard.js';
import { IdParamsSchema } from '../platform/schemas.js';
import { Errors } from '../shared/error-catalog.js';
import {
  CreditNoteListResponseSchema,
  InvoiceResponseSchema,
  PdfResponseSchema,
  toCreditNoteResponse,
  toInvoiceResponse,
} from './legal.schemas.js';
import type { LegalService, PdfFile } from './legal.service.js';

// The contract's tag: these are an order's documents.
const tags = ['Commandes'];
const access = 'user';
/** What reading an order someone else owns, or no one, answers. */
const ACCESS_ERRORS = [Errors.orderForbidden, Errors.orderNotFound];

/** The stored bytes, as they are: Fastify sends a Buffer without a serializer (see upload.routes.ts). */
function sendPdf(reply: FastifyReply, pdf: PdfFile) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${pdf.fileName}"`)
    .header('etag', `"${pdf.sha256}"`)
    .header('x-content-sha256', pdf.sha256)
    .header('cache-control', 'private, max-age=0')
    .send(pdf.bytes as unknown as string);
}

/** Invoices and credit notes, registered under /api: every route reads, none edits or deletes. */
export const legalRoutes: FastifyPluginAsyncZod<{ legal: LegalService }> = async (app, { legal }) => {
  app.get(
    '/orders/:id/invoice',
    {
      config: { access, errors: [...ACCESS_ERRORS, Errors.invoiceNotFound] },
      schema: {
        tags,
        operationId: 'getInvoice',
        summary:
          "Lire la facture d'une commande payée, avec toutes ses mentions (404 tant qu'elle ne l'est pas)",
        params: IdParamsSchema,
        response: { 200: InvoiceResponseSchema },
      },
    },
    async (request) => toInvoiceResponse(await legal.getInvoice(actorOf(request), request.params.id)),
  );

  app.get(
    '/orders/:id/invoice.pdf',
    {
      config: { access, errors: [...ACCESS_ERRORS, Errors.invoiceNotFound] },
      schema: {
        tags,
        operationId: 'getInvoicePdf',
        summary: 'Télécharger la facture en PDF (les mêmes octets à chaque fois)',
        params: IdParamsSchema,
        produces: ['application/pdf'],
        response: { 200: PdfResponseSchema },
      },
    },
    async (request, reply) => sendPdf(reply, await legal.invoicePdf(actorOf(request), request.params.id)),
  );

  app.get(
    '/orders/:id/credit-notes',
    {
      config: { access, errors: ACCESS_ERRORS },
      schema: {
        tags,
        operationId: 'listCreditNotes',
        summary:
          "Lister les factures d'avoir d'une commande (une par remboursement), les plus anciennes d'abord",
        params: IdParamsSchema,
        response: { 200: CreditNoteListResponseSchema },
      },
    },
    async (request) => ({
      credit_notes: (await legal.listCreditNotes(actorOf(request), request.params.id)).map(
        toCreditNoteResponse,
      ),
    }),
  );

  app.get(
    '/credit-notes/:id.pdf',
    {
      config: { access, errors: [Errors.creditNoteNotFound, ...ACCESS_ERRORS] },
      schema: {
        tags,
        operationId: 'getCreditNotePdf',
        summary: "Télécharger une facture d'avoir en PDF (les mêmes octets à chaque fois)",
        params: IdParamsSchema,
        produces: ['application/pdf'],
        response: { 200: PdfResponseSchema },
      },
    },
    async (request, reply) => sendPdf(reply, await legal.creditNotePdf(actorOf(request), request.params.id)),
  );
};
