import type { FunctionUrlEvent } from './function-url-event.ts';
import { headerOf } from './function-url-event.ts';
import { HttpError } from './http-error.ts';

/** Largest request body accepted (bytes, after base64 decoding): a sign-up form is tiny. */
export const MAX_BODY_BYTES = 8 * 1024;

/** Fields of a JSON or form body: strings, or string lists for repeated/array fields. */
export type BodyFields = Record<string, string | string[]>;

/** The body as UTF-8 text; 413 when larger than `maxBytes`. */
export function bodyText(event: FunctionUrlEvent, maxBytes: number = MAX_BODY_BYTES): string {
  const body = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  if (bytes.length > maxBytes) {
    throw new HttpError(413, `The request body is larger than ${maxBytes} bytes`);
  }
  return bytes.toString('utf8');
}

function formFields(text: string): BodyFields {
  const fields: BodyFields = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const existing = fields[key];
    if (existing === undefined) fields[key] = value;
    else fields[key] = [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return fields;
}

function jsonFields(text: string): BodyFields {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new HttpError(400, 'The request body must be a JSON object');
  }
  const fields: BodyFields = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === 'string') fields[key] = value;
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
      fields[key] = value;
    } else throw new HttpError(400, `The field "${key}" must be text or a list of text`);
  }
  return fields;
}

/**
 * Reads a JSON (`application/json`) or form (`application/x-www-form-urlencoded`) body,
 * base64 or not, into fields. 413 above {@link MAX_BODY_BYTES}; 415 for other types;
 * 400 for malformed JSON or non-text values.
 */
export function parseBodyFields(
  event: FunctionUrlEvent,
  maxBytes: number = MAX_BODY_BYTES,
): BodyFields {
  const text = bodyText(event, maxBytes);
  const type = (headerOf(event, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') return jsonFields(text);
  if (type === 'application/x-www-form-urlencoded') return formFields(text);
  throw new HttpError(
    415,
    'Send the form as application/json or application/x-www-form-urlencoded',
  );
}

/**
 * One text field; a list gives its first item. Undefined when absent.
 *
 * @example
 * textField({ email: ['a@b.c', 'x'] }, 'email'); // 'a@b.c'
 */
export function textField(fields: BodyFields, name: string): string | undefined {
  const value = fields[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * A list field: a JSON array, repeated form fields, or one comma-separated text.
 *
 * @example
 * listField({ assets: 'BTC, ETH' }, 'assets'); // ['BTC', 'ETH']
 */
export function listField(fields: BodyFields, name: string): string[] {
  const value = fields[name];
  if (value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  return items
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter(Boolean);
}
