/**
 * Python's backslash escapes, as `unicode_escape` decodes a format file: \t \n \r \\ \'
 * \" \a \b \f \v, octal \ooo, \xhh, \uhhhh, \Uhhhhhhhh; an unknown escape such as \q
 * stays as written. The text is read as UTF-8 first, so non-ASCII characters survive
 * (the original decodes bytes as Latin-1 and garbles them). Throws an Error naming the
 * position of a broken escape.
 */
const SIMPLE: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '' };

export function decodePythonEscapes(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) throw new Error(`a lone backslash at the end (position ${i + 1}); write \\\\ for a backslash`);
    if (next in SIMPLE) {
      out += SIMPLE[next];
      i++;
      continue;
    }
    if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1))![0];
      out += String.fromCodePoint(parseInt(octal, 8));
      i += octal.length;
      continue;
    }
    const width = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (width > 0) {
      const hex = text.slice(i + 2, i + 2 + width);
      const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === width ? parseInt(hex, 16) : NaN;
      if (!(code <= 0x10ffff)) throw new Error(`broken \\${next} escape at position ${i + 1}: it needs ${width} hex digits${next === 'U' ? ' and at most 10FFFF' : ''}`);
      out += String.fromCodePoint(code);
      i += 1 + width;
      continue;
    }
    if (next === 'N') throw new Error(`named escapes (\\N{...}) are not supported (position ${i + 1}); write the character itself or \\uXXXX`);
    out += ch;
  }
  return out;
}
