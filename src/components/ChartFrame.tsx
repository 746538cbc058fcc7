import { useRef, type ReactNode } from 'react';
import { chartPngBlob, chartSvgText, downloadBlob, downloadText } from './download.ts';

/** A titled chart with PNG and SVG export buttons. */
export function ChartFrame({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  return (
    <figure className="chart-frame" data-testid={`figure.${id}`}>
      <figcaption>
        <span>{title}</span>
        <span className="chart-actions">
          <button
            type="button"
            data-testid={`export.${id}.svg`}
            aria-label={`Export ${title} as SVG`}
            onClick={() => ref.current && downloadText(`${id}.svg`, chartSvgText(ref.current), 'image/svg+xml')}
          >
            SVG
          </button>
          <button
            type="button"
            data-testid={`export.${id}.png`}
            aria-label={`Export ${title} as PNG`}
            onClick={async () => ref.current && downloadBlob(`${id}.png`, await chartPngBlob(ref.current))}
          >
            PNG
          </button>
        </span>
      </figcaption>
      <div ref={ref}>{children}</div>
    </figure>
  );
}
