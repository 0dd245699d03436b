/**
 * CSV records (RFC 4180): cells separated by commas, a cell in double quotes may hold
 * commas, doubled quotes and line breaks. A record can therefore span several lines;
 * `isOpen` tells whether a line ends inside a quoted cell.
 */

/** Whether `text` (one or more physical lines of a record) ends inside a quoted cell. */
export function isOpen(text: string): boolean {
  let open = false;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) open = !open;
  return open;
}

/** The cells of one complete record; a quote inside an unquoted cell is kept as text. Throws on a malformed quoted cell. */
export function parseCsvRecord(text: string): string[] {
  const cells: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    if (text.charCodeAt(i) === 34) {
      let cell = '';
      let from = i + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) throw new Error('a quoted cell is not closed');
        cell += text.slice(from, quote);
        if (text.charCodeAt(quote + 1) === 34) {
          cell += '"';
          from = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      cells.push(cell);
      if (i === n) return cells;
      if (text.charCodeAt(i) !== 44) throw new Error(`text after a closing quote at column ${i + 1}`);
      i++;
    } else {
      const comma = text.indexOf(',', i);
      if (comma < 0) {
        cells.push(text.slice(i));
        return cells;
      }
      cells.push(text.slice(i, comma));
      i = comma + 1;
    }
  }
}
