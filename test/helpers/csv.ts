/**
 * A strict RFC 4180 reader for tests: records end with \n (clickgen writes LF line ends),
 * a quoted cell may hold separators, quotes (doubled) and line breaks, and anything else
 * (a stray quote, text after a closing quote, a missing final newline) is an error.
 */
export function parseCsv(text: string, separator = ','): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('a quoted cell is not closed');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        cell += text[i++];
      }
      if (text[i] !== separator && text[i] !== '\n') throw new Error(`text after a closing quote at ${i}`);
    } else {
      while (i < text.length && text[i] !== separator && text[i] !== '\n') {
        if (text[i] === '"' || text[i] === '\r') throw new Error(`a quote or carriage return in an unquoted cell at ${i}`);
        cell += text[i++];
      }
      if (i >= text.length) throw new Error('the last record does not end with a newline');
    }
    record.push(cell);
    if (text[i] === '\n') {
      records.push(record);
      record = [];
    }
    i++;
  }
  return records;
}

/** TSV as clickgen writes it: tab-separated, with \t \n \r \\ escapes inside cells. */
export function parseTsv(text: string): string[][] {
  if (!text.endsWith('\n')) throw new Error('the last record does not end with a newline');
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) =>
      line.split('\t').map((cell) =>
        cell.replace(/\\(.)/g, (_, ch: string) => {
          const unescaped = { t: '\t', n: '\n', r: '\r', '\\': '\\' }[ch];
          if (unescaped === undefined) throw new Error(`unknown escape \\${ch}`);
          return unescaped;
        }),
      ),
    );
}
