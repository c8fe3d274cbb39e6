import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfText {
  pages: number;
  /** Every text item of every page, in drawing order (pdf.js's text layer: any space comes out as U+0020). */
  items: string[];
  /** The items joined by newlines: what a reader of the page sees, line by line. */
  text: string;
  /**
   * The characters of every glyph drawn, each as its font's ToUnicode map names it, one string
   * per text-showing operation: here a narrow no-break space is still U+202F.
   */
  glyphRuns: string[];
}

interface Glyph {
  unicode?: string;
}

/** Reads a PDF back with pdf.js (Mozilla's parser): what the file really says, not what we meant to write. */
export async function pdfText(bytes: Buffer | Uint8Array): Promise<PdfText> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
  const items: string[] = [];
  const glyphRuns: string[] = [];
  for (let n = 1; n <= pdf.numPages; n += 1) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent({ disableNormalization: true });
    for (const item of content.items) if ('str' in item && item.str.trim() !== '') items.push(item.str);
    const operators = await page.getOperatorList();
    operators.fnArray.forEach((fn, i) => {
      if (fn !== OPS.showText) return;
      const glyphs = (operators.argsArray[i]?.[0] ?? []) as (Glyph | number | null)[];
      glyphRuns.push(
        glyphs.map((g) => (typeof g === 'object' && g !== null ? (g.unicode ?? '') : '')).join(''),
      );
    });
  }
  await pdf.destroy();
  return { pages: pdf.numPages, items, text: items.join('\n'), glyphRuns };
}
