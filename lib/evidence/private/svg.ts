/** Escapes text for XML and HTML content and attribute values. */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A number for an SVG attribute: at most one decimal, no `-0`, so output is stable. */
export function num(n: number): string {
  const r = Math.round(n * 10) / 10;
  return String(Object.is(r, -0) ? 0 : r);
}

/**
 * Rough width of `text` at `size` px in a sans-serif face. There are no font metrics here, so it
 * errs wide (DejaVu Sans, the widest common fallback, averages a little under 0.6 em).
 */
export function textWidth(text: string, size: number, bold = false): number {
  return text.length * size * (bold ? 0.64 : 0.58);
}

/** `text` cut to fit `width` px, with an ellipsis when cut. */
export function fit(text: string, width: number, size: number, bold = false): string {
  if (textWidth(text, size, bold) <= width) return text;
  const chars = Math.max(1, Math.floor(width / (size * (bold ? 0.64 : 0.58))) - 1);
  return `${text.slice(0, chars)}\u2026`;
}
