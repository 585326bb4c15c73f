// select's menu as bash's print_select_list lays it out: `N) item`, the numbers right-aligned,
// in as many columns as the screen width allows, filled down each column first, the gaps made
// with tabs (every 8) and spaces.

const TAB = 8;

export function selectMenu(items: readonly string[], width: number): string {
  const n = items.length;
  const maxItem = Math.max(...items.map((s) => s.length));
  const indexWidth = String(n).length;
  const columnWidth = maxItem + indexWidth + 4;
  let cols = Math.max(1, Math.floor(width / columnWidth));
  let rows = Math.ceil(n / cols);
  cols = Math.ceil(n / rows);
  if (rows === 1) {
    rows = cols;
    cols = 1;
  }
  const firstIndexWidth = String(rows).length;
  let out = '';
  for (let row = 0; row < rows; row++) {
    let pos = 0;
    for (let i = row; ;) {
      const w = pos === 0 ? firstIndexWidth : indexWidth;
      out += `${String(i + 1).padStart(w)}) ${items[i]}`;
      const used = pos + items[i]!.length + w + 2;
      i += rows;
      if (i >= n) break;
      out += indent(used, pos + columnWidth);
      pos += columnWidth;
    }
    out += '\n';
  }
  return out;
}

/** bash's indent(): tabs while a tab stop fits before `to`, then spaces. */
function indent(from: number, to: number): string {
  let out = '';
  while (from < to) {
    if (Math.floor(to / TAB) > Math.floor(from / TAB)) {
      out += '\t';
      from += TAB - (from % TAB);
    } else {
      out += ' ';
      from++;
    }
  }
  return out;
}
