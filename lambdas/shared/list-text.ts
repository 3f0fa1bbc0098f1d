/**
 * "a, b and c"
 * @example listText(['okx', 'bybit', 'gate']) // "okx, bybit and gate"
 */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
