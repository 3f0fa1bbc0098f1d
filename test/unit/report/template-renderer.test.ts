import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TemplateRenderError } from '../../../lambdas/errors.ts';
import { TemplateRenderer } from '../../../lambdas/report/template-renderer.ts';

function templatesDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'aftershock-templates-'));
  mkdirSync(path.join(dir, 'partials'));
  for (const [name, source] of Object.entries(files)) writeFileSync(path.join(dir, name), source);
  return dir;
}

describe('TemplateRenderer', () => {
  it('renders values escaped and uses partials and helpers', () => {
    const dir = templatesDir({
      'page.hbs': '<p>{{title}}</p>{{> sig}}{{#if (eq kind "flash")}}!{{/if}} {{year asOf}}',
      'partials/sig.hbs': '<i>{{author}}</i>',
    });
    const html = TemplateRenderer.load(dir).render('page', {
      title: '<script>x</script>',
      author: 'A & B',
      kind: 'flash',
      asOf: '2026-03-11T21:00:00Z',
    });
    expect(html).toBe('<p>&lt;script&gt;x&lt;/script&gt;</p><i>A &amp; B</i>! 2026');
  });

  it('joins a number to its % with a no-break space in HTML and leaves plain text alone', () => {
    const renderer = TemplateRenderer.load(
      templatesDir({ 'page.hbs': '<p>{{share}} of 1,200 %</p>', 'page.text.hbs': '{{share}}' }),
    );
    expect(renderer.render('page', { share: 'longs 41 %, shorts 59 %' })).toBe(
      '<p>longs 41\u00a0%, shorts 59\u00a0% of 1,200\u00a0%</p>',
    );
    expect(renderer.render('page.text', { share: 'longs 41 %' })).toBe('longs 41 %');
  });

  it('throws TemplateRenderError naming the template when a value is missing', () => {
    const renderer = TemplateRenderer.load(
      templatesDir({ 'strict-page.hbs': '<p>{{article.title}}</p>' }),
    );
    expect(() => renderer.render('strict-page', { article: {} })).toThrow(TemplateRenderError);
    expect(() => renderer.render('strict-page', { article: {} })).toThrow(/strict-page/);
  });

  it('throws for a missing value inside a partial too', () => {
    const renderer = TemplateRenderer.load(
      templatesDir({ 'outer.hbs': '{{> inner}}', 'partials/inner.hbs': '{{missing.value}}' }),
    );
    expect(() => renderer.render('outer', {})).toThrow(TemplateRenderError);
  });

  it('throws TemplateRenderError at load time for a syntax error', () => {
    expect(() => TemplateRenderer.load(templatesDir({ 'broken.hbs': '{{#if x}}' }))).toThrow(
      /broken/,
    );
  });

  it('loads the repository templates', () => {
    expect(TemplateRenderer.load().names()).toEqual(
      expect.arrayContaining([
        'report',
        'email.html',
        'email.text',
        'index',
        'archive',
        'asset',
        '404',
      ]),
    );
  });

  it('renders the real report template strictly: a view without the article throws', () => {
    expect(() => TemplateRenderer.load().render('report', { site: {} })).toThrow(
      /Template "report"/,
    );
  });
});
