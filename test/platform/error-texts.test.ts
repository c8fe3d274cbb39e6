import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { Errors, FieldMessages } from '../../src/shared/error-catalog.js';

/**
 * "Each fact once" for messages: the catalogue (src/shared/error-catalog.ts) is the only
 * file of src/ that writes a client-facing error text. This reads every other source file's
 * syntax tree and fails on a message written there, whatever route, handler or schema it is in.
 */
const CATALOGUE = 'src/shared/error-catalog.ts';
/** Where an entry is made from its parts; nothing but the catalogue (and their own file) may call them. */
const ENTRY_MAKERS = new Set(['defineError', 'AppError']);
const ENTRY_MAKERS_FILE = 'src/shared/errors.ts';
/** Its messages are for whoever starts the server (a refused configuration), never sent to a client. */
const OPERATOR_FILES = new Set(['src/config.ts']);
/** zod checks whose string argument (or `message`/`error` option) becomes a 422's `msg`. */
const ZOD_MESSAGE_CHECKS = new Set([
  'regex',
  'refine',
  'superRefine',
  'min',
  'max',
  'length',
  'email',
  'int',
  'gt',
  'gte',
  'lt',
  'lte',
  'positive',
  'nonnegative',
  'nonempty',
]);
/** Properties whose value is a message a client reads: an error body's, or a 422 item's. */
const MESSAGE_PROPERTIES = new Set(['detail', 'msg']);
/** Words of a French refusal, for files whose strings are all documentation or wiring. */
const REFUSAL_WORDS =
  /(?<!\p{L})(introuvable|invalide|refusée?|interdite?|manquante?|requise?|autorisée?|indisponible|expirée?|volumineux|insuffisant|supporté)(?!\p{L})/iu;
/** Where the catalogue's messages used to be restated: route files and the HTTP plumbing. */
const NO_REFUSAL_WORDS = (file: string) =>
  file.endsWith('.routes.ts') || file.startsWith('src/platform/') || file === 'src/app.ts';

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });

/** The catalogue's messages, cut at their placeholders: the pieces no other file may repeat. */
const MESSAGE_PIECES = [
  ...Object.values(Errors).map((entry) => entry.detail),
  ...Object.values(FieldMessages),
]
  .flatMap((message) => message.split(/\{\w+\}/))
  .map((piece) => piece.trim())
  .filter((piece) => piece.length >= 8);

interface Finding {
  file: string;
  line: number;
  rule: string;
  text: string;
}

const isText = (node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral =>
  ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);

/** The literal text pieces of a string or template expression (a template's parts around `${}`). */
function textsOf(node: ts.Node): string[] {
  if (isText(node)) return [node.text];
  if (ts.isTemplateExpression(node))
    return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
  return [];
}

const calleeName = (call: ts.CallExpression | ts.NewExpression): string | undefined => {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
};

/** What one file writes that only the catalogue may write. */
function findErrorTexts(file: string, source: string): Finding[] {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const findings: Finding[] = [];
  const report = (node: ts.Node, rule: string, text: string) =>
    findings.push({ file, line: tree.getLineAndCharacterOfPosition(node.getStart()).line + 1, rule, text });

  const visit = (node: ts.Node): void => {
    const makesEntry =
      (ts.isCallExpression(node) || ts.isNewExpression(node)) && ENTRY_MAKERS.has(calleeName(node) ?? '');
    if (makesEntry && file !== ENTRY_MAKERS_FILE) {
      report(node, 'makes a catalogue entry or error outside the catalogue', node.getText().slice(0, 80));
    }
    if (ts.isCallExpression(node) && ZOD_MESSAGE_CHECKS.has(calleeName(node) ?? '')) {
      for (const argument of node.arguments) {
        const options = ts.isObjectLiteralExpression(argument)
          ? argument.properties.filter(ts.isPropertyAssignment).map((property) => property.initializer)
          : [argument];
        for (const text of options.flatMap(textsOf)) report(argument, 'writes a validation message', text);
      }
    }
    if (
      ts.isPropertyAssignment(node) &&
      MESSAGE_PROPERTIES.has(node.name.getText(tree)) &&
      textsOf(node.initializer).length > 0
    ) {
      report(node, `writes a literal \`${node.name.getText(tree)}\``, node.initializer.getText(tree));
    }
    for (const text of textsOf(node)) {
      const restated = MESSAGE_PIECES.find((piece) => text.includes(piece));
      if (restated) report(node, 'restates a catalogue message', restated);
      else if (NO_REFUSAL_WORDS(file) && REFUSAL_WORDS.test(text))
        report(node, 'writes a French refusal', text);
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return findings;
}

describe('client-facing error texts', () => {
  it('are written only in the catalogue', () => {
    const files = sourceFiles('src')
      .map((path) => relative('.', path))
      .filter((file) => file !== CATALOGUE && !OPERATOR_FILES.has(file));
    expect(files.length).toBeGreaterThan(50);
    const findings = files.flatMap((file) => findErrorTexts(file, readFileSync(file, 'utf8')));
    expect(findings).toEqual([]);
  });

  it.each([
    ['a literal detail in a route', 'reply.code(400).send({ detail: "Oups", code: "X" });'],
    ['a catalogue message restated', "const description = 'Commande introuvable';"],
    ['a piece of a template restated', `const text = \`Stock insuffisant pour \${name}\`;`],
    ['a zod message', "const schema = z.string().regex(/^a$/, 'Doit commencer par a');"],
    ['a zod message as an option', "const schema = z.string().min(3, { error: 'Trop court' });"],
    ['an entry made elsewhere', "const entry = defineError(400, 'X', 'Y');"],
    ['a French refusal in a route', "const summary = 'Produit refusé';"],
  ])('are caught when written elsewhere: %s', (_what, line) => {
    expect(findErrorTexts('src/orders/order.routes.ts', line)).not.toEqual([]);
  });

  it('leave summaries, descriptions and success messages alone', () => {
    const lines = [
      "const summary = 'Lire un produit (404 s’il est inactif)';",
      "reply.send({ message: 'Panier vidé avec succès' });",
      "const q = z.string().min(1).max(200).describe('Mots cherchés');",
    ];
    expect(findErrorTexts('src/catalog/catalog.routes.ts', lines.join('\n'))).toEqual([]);
  });
});
