/** The shop as the mails name it: from SHOP_NAME and SHOP_URL. */
export interface Shop {
  name: string;
  url: string;
}

/** What a template gives the transport: a subject and the same content as text and as HTML. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** HTML already escaped (or written by a template itself): `html` inserts it as it is. */
export class SafeHtml {
  constructor(readonly value: string) {}
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/**
 * A tagged template where every interpolated value is escaped unless it is SafeHtml (or a list
 * of them): a customer's name `<script>…` arrives as text, and no template can forget it.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  const piece = (value: unknown): string => {
    if (value instanceof SafeHtml) return value.value;
    if (Array.isArray(value)) return value.map(piece).join('');
    return escapeHtml(String(value));
  };
  return new SafeHtml(
    strings.reduce((out, text, i) => out + text + (i < values.length ? piece(values[i]) : ''), ''),
  );
}

const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
export const formatCents = (cents: number): string => euros.format(cents / 100);

/** A link of the shop: its URL followed by a path and, optionally, a query. */
export const shopLink = (shop: Shop, path: string, query: Record<string, string> = {}): string => {
  const search = new URLSearchParams(query).toString();
  return `${shop.url}${path}${search ? `?${search}` : ''}`;
};

interface Body {
  subject: string;
  greeting: string;
  /** Paragraphs of plain text, in both forms. */
  paragraphs: string[];
  /** One call to action, shown as a link in HTML and as its address in text. */
  action?: { label: string; url: string };
  /** Extra HTML (an order's lines) and its text form. */
  extra?: { text: string; html: SafeHtml };
}

/** Every mail's frame: greeting, paragraphs, an optional link, the shop's signature. */
export function layout(shop: Shop, body: Body): RenderedMail {
  const { subject, greeting, paragraphs, action, extra } = body;
  const text = [
    greeting,
    '',
    ...paragraphs.flatMap((p) => [p, '']),
    ...(extra ? [extra.text, ''] : []),
    ...(action ? [`${action.label} : ${action.url}`, ''] : []),
    `— ${shop.name}`,
    shop.url,
    '',
  ].join('\n');
  const htmlBody = html`<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family: sans-serif; color: #222">
<p>${greeting}</p>
${paragraphs.map((p) => html`<p>${p}</p>\n`)}${extra ? extra.html : ''}${action ? html`<p><a href="${action.url}">${action.label}</a></p>\n` : ''}<p>— <a href="${shop.url}">${shop.name}</a></p>
</body></html>
`;
  return { subject: `${subject} — ${shop.name}`, text, html: htmlBody.value };
}

/** "Bonjour Jeanne," or "Bonjour," when the name is not known. */
export const greet = (firstName?: string): string => (firstName ? `Bonjour ${firstName},` : 'Bonjour,');
