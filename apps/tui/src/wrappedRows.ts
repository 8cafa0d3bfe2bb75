/**
 * Rows a text takes when Ink wraps it at `width` columns (`wrap="wrap"`: wrap-ansi, word by word,
 * words longer than a row broken hard). Panels size their flexible parts (the heatmap, the chart)
 * from it, so a long line (a one-sided interval's note) takes rows from them instead of pushing
 * the panel's title off the screen. One column per code point: the dashboard's texts hold no
 * wide characters.
 */
export function wrappedRows(text: string, width: number): number {
  if (width < 1) throw new RangeError(`wrappedRows: width must be ≥ 1, got ${width}`);
  let rows = 0;
  for (const line of text.split('\n')) {
    rows++;
    let column = 0;
    for (const word of line.split(' ')) {
      const length = [...word].length;
      let start = column === 0 ? 0 : column + 1; // after the separating space
      if (length <= width) {
        if (start + length > width && column > 0) {
          rows++; // the word starts the next row
          start = 0;
        }
        column = start + length;
        continue;
      }
      // A word longer than a row is broken hard; wrap-ansi starts it on the next row when that
      // takes fewer breaks than filling this row's rest first.
      if (column > 0) {
        const breaksHere = 1 + Math.floor((length - (width - start) - 1) / width);
        if (Math.floor((length - 1) / width) < breaksHere) {
          rows++;
          start = 0;
        }
      }
      const end = start + length;
      const extra = Math.ceil(end / width) - 1;
      rows += extra;
      column = end - extra * width;
    }
  }
  return rows;
}
