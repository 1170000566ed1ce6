/**
 * The HTML every email kind shares — MJML's document start (head, styles, meta) through the
 * header, and the footer through the end — found once at build time, so that it is compiled into
 * one shared module and each Lambda bundles one copy of it instead of one per email kind it sends.
 *
 * templates/layout.mjml is that layout: the document every <kind>.mjml is, with the header and
 * footer includes side by side where a kind has its own sections between them. Where the shared
 * part ends is decided from what MJML emits, not from a marker (an <mj-raw> marker would change
 * the Outlook conditional comments MJML writes around it). The layout is compiled four ways:
 *
 *   header only           vs  header, then a probe section   → they agree up to the end of the header: `start`
 *   footer only           vs  a probe section, then footer   → they agree from the start of the footer: `end`
 *
 * The lines between (MJML's comments that close one section and open the next) depend on what
 * surrounds them, so they stay with each kind. The head is shared whole: MJML writes into it the
 * width classes of the columns a document uses, and every kind uses full-width columns only; a
 * kind with narrower columns would have a head of its own, and the build says so (below) rather
 * than send it with the layout's. A kind's HTML must then be `start`, its own body
 * and `end`, byte for byte; if it is not, the build fails naming the kind rather than sending a
 * different email.
 */

/** What a kind's <kind>.mjml and layout.mjml contain where the header and footer go. */
const HEADER_INCLUDE = '<mj-include path="./partials/header.mjml" />';
const FOOTER_INCLUDE = '<mj-include path="./partials/footer.mjml" />';

/**
 * A section no kind has (its padding is unique), so the HTML around it shows where the header
 * ends and the footer begins.
 */
const PROBE_SECTION = '<mj-section padding="1px 2px 3px 4px"><mj-column><mj-text>probe</mj-text></mj-column></mj-section>';

/**
 * Handlebars whitespace control (`{{~`, `~}}`) strips the white space beside it up to the next
 * text. At the edge of a template compiled apart it would strip less than in the whole document
 * (the layout's line break, say), so none may stand where a kind's body meets the layout.
 */
const STRIPS_BEFORE = /^\s*\{\{~/;
const STRIPS_AFTER = /~\}\}\s*$/;

export interface HtmlLayout {
  /** From `<!doctype html>` through the header section, ending with a line break. */
  start: string;
  /** From the footer section through `</html>`. */
  end: string;
}

/** MJML source → HTML, as the build compiles every template (includes read beside `layout.mjml`). */
type CompileMjmlSource = (source: string, label: string) => Promise<string>;

function lines(html: string): string[] {
  return html.split('\n');
}

function commonLeadingLines(a: readonly string[], b: readonly string[]): number {
  let count = 0;
  while (count < a.length && count < b.length && a[count] === b[count]) count += 1;
  return count;
}

function replaceOnce(source: string, find: string, replacement: string): string {
  const at = source.indexOf(find);
  if (at === -1 || source.indexOf(find, at + 1) !== -1) throw new Error(`layout.mjml must hold ${find} exactly once`);
  return source.slice(0, at) + replacement + source.slice(at + find.length);
}

/** The shared start and end of every email's HTML, from layout.mjml's source. */
export async function deriveHtmlLayout(layoutSource: string, compile: CompileMjmlSource): Promise<HtmlLayout> {
  const withoutFooter = replaceOnce(layoutSource, FOOTER_INCLUDE, '');
  const withoutHeader = replaceOnce(layoutSource, HEADER_INCLUDE, '');
  const headerOnly = lines(await compile(withoutFooter, 'layout.mjml (header only)'));
  const headerThenProbe = lines(await compile(replaceOnce(layoutSource, FOOTER_INCLUDE, PROBE_SECTION), 'layout.mjml (header, probe)'));
  const footerOnly = lines(await compile(withoutHeader, 'layout.mjml (footer only)'));
  const probeThenFooter = lines(await compile(replaceOnce(layoutSource, HEADER_INCLUDE, PROBE_SECTION), 'layout.mjml (probe, footer)'));

  const startLines = headerOnly.slice(0, commonLeadingLines(headerOnly, headerThenProbe));
  const endLines = footerOnly.slice(footerOnly.length - commonLeadingLines([...footerOnly].reverse(), [...probeThenFooter].reverse()));
  if (startLines.length === 0 || endLines.length === 0) throw new Error('layout.mjml: found no HTML shared by every email kind');
  const layout = { start: `${startLines.join('\n')}\n`, end: endLines.join('\n') };
  if (STRIPS_AFTER.test(layout.start) || STRIPS_BEFORE.test(layout.end)) {
    throw new Error("layout.mjml: Handlebars whitespace control ({{~ or ~}}) cannot stand where the layout meets a kind's body");
  }
  return layout;
}

/** Where a kind's HTML first departs from the layout's start (or, from the bottom, its end), to say in the error. */
function firstDifference(html: string, shared: string, fromEnd: boolean): string {
  const ours = fromEnd ? lines(html).reverse() : lines(html);
  const theirs = fromEnd ? lines(shared).reverse() : lines(shared);
  const at = commonLeadingLines(ours, theirs);
  const line = fromEnd ? lines(html).length - at : at + 1;
  const show = (text: string | undefined) => JSON.stringify((text ?? '(nothing)').slice(0, 120));
  return `first at its line ${line}: ${show(ours[at])} where the layout has ${show(theirs[at])}`;
}

/**
 * The kind's own part of its HTML: what lies between the layout's start and end. Throws, naming
 * the kind, when its HTML does not begin and end with the layout exactly — the email would
 * otherwise be sent with the layout's HTML instead of its own.
 */
export function kindHtmlBody(kind: string, html: string, layout: HtmlLayout): string {
  const startsRight = html.startsWith(layout.start);
  if (!startsRight || !html.endsWith(layout.end) || html.length < layout.start.length + layout.end.length) {
    const which = startsRight ? 'end (the footer through </html>)' : 'start (<!doctype html> through the header)';
    throw new Error(
      `${kind}.mjml: its HTML no longer matches the shared layout's ${which}, ${firstDifference(html, startsRight ? layout.end : layout.start, startsRight)}; ` +
        'every kind must be layout.mjml with its own sections between the header and footer (change layout.mjml and the partials for all kinds at once)',
    );
  }
  const body = html.slice(layout.start.length, html.length - layout.end.length);
  if (STRIPS_BEFORE.test(body) || STRIPS_AFTER.test(body)) {
    throw new Error(`${kind}.mjml: Handlebars whitespace control ({{~ or ~}}) at the edge of its body would reach into the shared layout`);
  }
  return body;
}
