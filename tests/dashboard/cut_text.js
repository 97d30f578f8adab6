// What a reader cannot read whole on the page as drawn: each text wider than its box (an element whose content
// is wider than it, the page's text and Streamlit's widgets), and each table cell or header whose text does not
// fit its column (the data grid draws on a canvas: its cells are measured as it lays them out). Also each raw
// "None" or "NaN" a table cell shows (a missing value drawn without a placeholder, or a value's own text).
const cut = [], raw = [];
const RAW = /^(None|NaN|nan|null|undefined)$/;
const visible = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
const name = el => (el.getAttribute("data-testid") || el.tagName.toLowerCase());
const app = document.querySelector("[data-testid='stApp']");
const SKIP = "[data-testid='stDataFrame'], [data-testid='stVegaLiteChart'], [data-testid='stFullScreenFrame'] canvas, "
           + "[data-testid='stCode'], pre, code, [role='tooltip'], [data-testid='stSidebarCollapsedControl'], [data-testid='stSkipToContent'], [data-testid='stSidebar'][data-collapsed='true']";
const boxes = new Set();
for (const el of app.querySelectorAll("*")) {
  if (el.closest(SKIP) || !visible(el)) continue;
  if (!Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim())) continue;
  let box = el;
  while (box && getComputedStyle(box).display.startsWith("inline") && getComputedStyle(box).display !== "inline-block")
    box = box.parentElement;
  if (box) boxes.add(box);
}
// A box that clips or scrolls what overflows it sideways (a row of buttons wider than its column, say) cuts its text.
for (const el of app.querySelectorAll("*")) {
  if (el.closest(SKIP) || !visible(el) || !el.innerText || !el.innerText.trim()) continue;
  const overflow = getComputedStyle(el).overflowX;
  if (overflow !== "visible" && el.clientWidth > 0) boxes.add(el);
}
for (const box of boxes) {
  if (box.clientWidth > 0 && box.scrollWidth > box.clientWidth + 1)
    cut.push(`${name(box)}: "${box.innerText.trim().slice(0, 80)}" (${box.scrollWidth} px in ${box.clientWidth})`);
}
const canvas = document.createElement("canvas").getContext("2d");
const width = (text, font) => { canvas.font = font; return canvas.measureText(text).width; };
const lines = (text, room, font) => {  // how many lines the grid's wrapping takes (a word wider than the room: Infinity)
  let n = 0;
  for (const paragraph of String(text).split("\n")) {
    let line = "";
    n += 1;
    for (const word of paragraph.split(" ")) {
      if (width(word, font) > room) return Infinity;
      const next = line ? line + " " + word : word;
      if (width(next, font) > room) { n += 1; line = word; } else line = next;
    }
  }
  return n;
};
for (const table of document.querySelectorAll("[data-testid='stDataFrame']")) {
  if (!visible(table)) continue;
  const host = table.querySelector(".stDataFrameGlideDataEditor");
  const style = getComputedStyle(host);
  const family = style.getPropertyValue("--gdg-font-family");
  const font = style.getPropertyValue("--gdg-base-font-style") + " " + family;
  const padding = parseFloat(style.getPropertyValue("--gdg-cell-horizontal-padding")) || 8;
  const header = style.getPropertyValue("--gdg-header-font-style") + " " + family;
  const start = host.querySelector("canvas") || host;
  let fiber = start[Object.keys(start).find(k => k.startsWith("__reactFiber"))];
  while (fiber && !(fiber.memoizedProps && fiber.memoizedProps.getCellContent && fiber.memoizedProps.columns))
    fiber = fiber.return;
  if (!fiber) { cut.push("a table whose layout could not be read"); continue; }
  const {columns, rows, rowHeight, getCellContent} = fiber.memoizedProps;
  let above = fiber, placeholder = null;  // what the table draws for a missing value (Streamlit's default: None)
  while (above && placeholder === null) {
    const element = above.memoizedProps && above.memoizedProps.element;
    if (element && typeof element === "object" && "placeholder" in element) placeholder = element.placeholder || "";
    above = above.return;
  }
  const height = typeof rowHeight === "number" ? rowHeight : 35;
  const fits = Math.max(1, Math.floor((height - 6) / 18));  // lines of 14-pixel text a row holds
  columns.forEach((column, c) => {
    const room = column.width - 2 * padding + 6;  // the grid measures its font a few pixels narrower than a canvas
    if (column.title && width(column.title, header) > room)
      cut.push(`header "${column.title}" (${Math.round(width(column.title, header))} px in ${room})`);
    for (let r = 0; r < rows; r++) {
      const cell = getCellContent([c, r]);
      if (!["text", "uri", "number"].includes(cell.kind)) continue;
      const text = String(cell.displayData ?? cell.data ?? "");
      if (RAW.test(text.trim()) || (cell.isMissingValue && !text && (!placeholder || RAW.test(placeholder))))
        raw.push(`cell ${r + 1} in "${column.title}": ${text || "(missing, drawn as " + (placeholder || "None") + ")"}`);
      if (!text) continue;
      const need = cell.allowWrapping ? lines(text, room, font) : (width(text, font) > room ? Infinity : 1);
      if (need > (cell.allowWrapping ? fits : 1))
        cut.push(`cell "${text.slice(0, 80)}" in "${column.title}" (${cell.allowWrapping ? need + " lines in " + fits : Math.round(width(text, font)) + " px in " + room})`);
    }
  });
}
return {cut, raw};
