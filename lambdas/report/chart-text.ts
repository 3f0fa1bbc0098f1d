/**
 * Greedy word wrap: words joined while `width(line) <= maxWidth` (a single long word gets
 * its own line); the last allowed line ends in "…" if words remain.
 * @example wrapWords('a bb ccc', (t) => t.length, 4, 2) // ["a bb", "ccc"]
 */
export function wrapWords(
  text: string,
  width: (line: string) => number,
  maxWidth: number,
  maxLines: number,
): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    const candidate = current ? `${current} ${word}` : word;
    if (!current || width(candidate) <= maxWidth) {
      current = candidate;
      continue;
    }
    lines.push(current);
    current = word;
  }
  if (current) lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1] ?? ''}…`;
  return kept;
}
