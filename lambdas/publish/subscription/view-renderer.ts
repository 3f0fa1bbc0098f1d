/**
 * Renders a named template with a view: the port through which subscription pages and the
 * confirmation email are drawn. The wiring passes the report module's `TemplateRenderer`
 * loaded from `templates/subscription/`; publishing itself never loads templates.
 */
export interface ViewRenderer {
  /** Throws when the template is unknown or the view lacks a value it uses. */
  render(name: string, view: object): string;
}
