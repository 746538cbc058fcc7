/** Downloads and chart exports (SVG and PNG) at the UI edge. */

export function downloadText(filename: string, text: string, mime: string): void {
  downloadBlob(filename, new Blob([text], { type: mime }));
}

export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The chart's main drawing surface (not a legend icon, which is also an svg.recharts-surface). */
function chartSvg(container: HTMLElement): SVGSVGElement {
  const svg =
    container.querySelector<SVGSVGElement>('.recharts-wrapper > svg') ?? container.querySelector<SVGSVGElement>('svg');
  if (!svg) throw new Error('no chart to export');
  return svg;
}

/** The chart's SVG as a standalone document (inline styles resolved, white background). */
export function chartSvgText(container: HTMLElement): string {
  return chartSvgDoc(container).text;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Legend entries beside the chart (recharts' HTML legend or our own): label and colour. */
function legendItems(container: HTMLElement): { label: string; color: string }[] {
  return [...container.querySelectorAll<HTMLElement>('.recharts-legend-item, .chart-legend li')].map((li) => {
    const text = li.querySelector<HTMLElement>('.recharts-legend-item-text, .chart-legend-text') ?? li;
    const shape = li.querySelector('path, line, circle, rect');
    const stroke = shape?.getAttribute('stroke');
    const fill = shape?.getAttribute('fill');
    const color =
      (stroke && stroke !== 'none' ? stroke : fill && fill !== 'none' ? fill : undefined) ??
      getComputedStyle(text).color ??
      '#000';
    return { label: (li.textContent ?? '').trim(), color };
  });
}

/**
 * The chart's SVG as a standalone document (white background), with its legend drawn in SVG below the
 * plot: a colour key and the label of each entry (recharts legends are HTML beside the SVG).
 */
function chartSvgDoc(container: HTMLElement): { text: string; width: number; height: number } {
  const svg = chartSvg(container);
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const { width: w, height: h } = svg.getBoundingClientRect();
  const width = Math.round(w);
  const items = legendItems(container);
  // lay the legend out in rows (about 6 px per character at 11 px)
  const rows: { label: string; color: string; x: number }[][] = [];
  let row: { label: string; color: string; x: number }[] = [];
  let x = 8;
  for (const it of items) {
    const iw = 16 + it.label.length * 6 + 14;
    if (row.length && x + iw > width - 8) {
      rows.push(row);
      row = [];
      x = 8;
    }
    row.push({ ...it, x });
    x += iw;
  }
  if (row.length) rows.push(row);
  const band = rows.length ? rows.length * 16 + 6 : 0;
  const height = Math.round(h) + band;
  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  clone.setAttribute('font-family', getComputedStyle(container).fontFamily || 'sans-serif');
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', '#ffffff');
  clone.insertBefore(bg, clone.firstChild);
  const legend = document.createElementNS(SVG_NS, 'g');
  legend.setAttribute('class', 'export-legend');
  rows.forEach((r, i) => {
    const y = Math.round(h) + 4 + i * 16;
    for (const it of r) {
      const key = document.createElementNS(SVG_NS, 'rect');
      key.setAttribute('x', String(it.x));
      key.setAttribute('y', String(y + 2));
      key.setAttribute('width', '12');
      key.setAttribute('height', '8');
      key.setAttribute('fill', it.color);
      const t = document.createElementNS(SVG_NS, 'text');
      t.setAttribute('x', String(it.x + 16));
      t.setAttribute('y', String(y + 10));
      t.setAttribute('font-size', '11');
      t.setAttribute('fill', '#222');
      t.textContent = it.label;
      legend.append(key, t);
    }
  });
  clone.appendChild(legend);
  return { text: new XMLSerializer().serializeToString(clone), width, height };
}

export async function chartPngBlob(container: HTMLElement, scale = 2): Promise<Blob> {
  const { text, width, height } = chartSvgDoc(container);
  const img = new Image();
  img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(text);
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d')!;
  ctx.scale(scale, scale);
  ctx.drawImage(img, 0, 0);
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG export failed'))), 'image/png'),
  );
}
