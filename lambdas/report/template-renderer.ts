import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { TemplateRenderError } from '../errors.ts';
import { errorText } from '../shared/error-text.ts';

/**
 * `templates/` at the repository root, found from this file rather than the working directory;
 * in a Lambda bundle (one file at the asset root) the templates are copied next to it instead.
 */
export const DEFAULT_TEMPLATES_DIR =
  [
    fileURLToPath(new URL('./templates/', import.meta.url)),
    fileURLToPath(new URL('../../templates/', import.meta.url)),
  ].find((dir) => existsSync(path.join(dir, 'partials'))) ??
  fileURLToPath(new URL('../../templates/', import.meta.url));

/** Strict: a value the view does not have is an error, never an empty string (DESIGN.md §6). */
const COMPILE_OPTIONS = { strict: true } as const;

type CompiledTemplate = Handlebars.TemplateDelegate<unknown>;

/**
 * Joins a number to the `%` after it with a no-break space, so a phone never wraps "41" and
 * "%" onto two lines. Only for HTML; plain text keeps the ordinary space readers can copy.
 *
 * @example
 * keepUnitsTogether('longs were 41 % of it') //=> 'longs were 41\u00a0% of it'
 */
export function keepUnitsTogether(html: string): string {
  return html.replace(/(\d) %/g, '$1\u00a0%');
}

function listHbs(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.hbs'))
    .sort();
}

function registerHelpers(handlebars: typeof Handlebars): void {
  handlebars.registerHelper('eq', (left: unknown, right: unknown) => left === right);
  handlebars.registerHelper('year', (isoOrMs: unknown) => {
    const year = new Date(
      typeof isoOrMs === 'number' || typeof isoOrMs === 'string' ? isoOrMs : 0,
    ).getUTCFullYear();
    return Number.isFinite(year) ? String(year) : '';
  });
}

/**
 * Loads every `.hbs` file of a templates folder once (partials from `partials/`),
 * compiles them in strict mode with an isolated Handlebars instance, and renders them
 * by name (`report`, `email.html`, …).
 *
 * Escaping: templates use `{{ }}` for everything that came from an exchange or a
 * config; plain-text templates (`*.text.hbs`) are compiled without HTML escaping. The triple-stash `{{{ }}}` is used only for HTML this code produced itself:
 * the stylesheet text read from `templates/assets/`, and a report page's previous/next
 * block, itself rendered (escaped) from `templates/report-nav.hbs`.
 */
export class TemplateRenderer {
  private readonly templates = new Map<string, CompiledTemplate>();
  private readonly assets = new Map<string, string>();

  private constructor(
    private readonly handlebars: typeof Handlebars,
    private readonly templatesDir: string,
  ) {}

  /** Reads and compiles the templates in `templatesDir`; throws TemplateRenderError on a syntax error. */
  public static load(templatesDir: string = DEFAULT_TEMPLATES_DIR): TemplateRenderer {
    const renderer = new TemplateRenderer(Handlebars.create(), templatesDir);
    registerHelpers(renderer.handlebars);
    const partialsDir = path.join(templatesDir, 'partials');
    for (const file of listHbs(partialsDir)) {
      const name = file.replace(/\.hbs$/, '');
      renderer.handlebars.registerPartial(
        name,
        renderer.compile(`partials/${name}`, path.join(partialsDir, file)),
      );
    }
    for (const file of listHbs(templatesDir)) {
      const name = file.replace(/\.hbs$/, '');
      renderer.templates.set(name, renderer.compile(name, path.join(templatesDir, file)));
    }
    return renderer;
  }

  private compile(name: string, file: string): CompiledTemplate {
    const source = readFileSync(file, 'utf8');
    try {
      // Handlebars compiles lazily; parsing now makes syntax errors surface at load time.
      this.handlebars.parse(source);
    } catch (error) {
      const message = errorText(error);
      throw new TemplateRenderError(name, message, { cause: error });
    }
    // Plain-text templates (`*.text.hbs`) are not HTML: escaping would print `&gt;` to readers.
    const options = name.endsWith('.text')
      ? { ...COMPILE_OPTIONS, noEscape: true }
      : COMPILE_OPTIONS;
    return this.handlebars.compile(source, options);
  }

  /** A text file of `templates/assets/` (stylesheets), read once and cached. */
  public asset(fileName: string): string {
    const cached = this.assets.get(fileName);
    if (cached !== undefined) return cached;
    const text = readFileSync(
      path.join(this.templatesDir, 'assets', path.basename(fileName)),
      'utf8',
    );
    this.assets.set(fileName, text);
    return text;
  }

  /** Names of the loaded templates, e.g. `report`, `email.html`. */
  public names(): string[] {
    return [...this.templates.keys()];
  }

  /** Renders a template; a missing value or unknown template throws TemplateRenderError naming it. */
  public render(name: string, view: object): string {
    const template = this.templates.get(name);
    if (!template) throw new TemplateRenderError(name, 'no such template');
    try {
      const output = template(view);
      return name.endsWith('.text') ? output : keepUnitsTogether(output);
    } catch (error) {
      const message = errorText(error);
      throw new TemplateRenderError(name, message, { cause: error });
    }
  }
}
