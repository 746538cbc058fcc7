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
  const svg = chartSvg(container);
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const { width, height } = svg.getBoundingClientRect();
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(Math.round(width)));
  clone.setAttribute('height', String(Math.round(height)));
  clone.setAttribute('font-family', getComputedStyle(container).fontFamily || 'sans-serif');
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', '#ffffff');
  clone.insertBefore(bg, clone.firstChild);
  // legends are HTML in recharts: add them as SVG text so the export is self-contained
  const legend = [...container.querySelectorAll('.recharts-legend-item-text')].map((e) => e.textContent ?? '');
  if (legend.length) {
    const t = document.createElementNS('http://www.w3.org/2000/svg', 'text');
    t.setAttribute('x', '8');
    t.setAttribute('y', String(Math.round(height) - 4));
    t.setAttribute('font-size', '10');
    t.textContent = legend.join(' · ');
    clone.appendChild(t);
  }
  return new XMLSerializer().serializeToString(clone);
}

export async function chartPngBlob(container: HTMLElement, scale = 2): Promise<Blob> {
  const text = chartSvgText(container);
  const { width, height } = chartSvg(container).getBoundingClientRect();
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
