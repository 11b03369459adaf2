// Image sizes: the whole image and the project's own layers on top of its base image.
import { docker } from './docker.js';

export interface ImageSize {
  image: string;
  base: string;
  total: number;
  own: number;
  /** The project's own layers, newest first: size in bytes and the instruction. */
  layers: { size: number; createdBy: string }[];
}

interface HistoryEntry {
  size: number;
  createdBy: string;
}

async function history(image: string): Promise<HistoryEntry[]> {
  const { stdout } = await docker([
    'history',
    '--no-trunc',
    '--human=false',
    '--format',
    '{{.Size}}\t{{.CreatedBy}}',
    image,
  ]);
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [size, ...rest] = line.split('\t');
      return { size: Number(size), createdBy: rest.join('\t') };
    });
}

async function totalSize(image: string): Promise<number> {
  const { stdout } = await docker(['image', 'inspect', '--format', '{{.Size}}', image]);
  return Number(stdout.trim());
}

export async function imageSize(image: string, base: string): Promise<ImageSize> {
  const [own, inherited] = await Promise.all([history(image), history(base)]);
  // History is newest first; the base's entries are the image's last ones.
  const layers = own.slice(0, own.length - inherited.length);
  return {
    image,
    base,
    total: await totalSize(image),
    own: layers.reduce((sum, layer) => sum + layer.size, 0),
    layers: layers.filter((layer) => layer.size > 0),
  };
}

export const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export function describeSize(size: ImageSize): string {
  const lines = [
    `${size.image}: ${mb(size.total)} in all, ${mb(size.own)} of its own layers on ${size.base}`,
    ...size.layers.map(
      (layer) =>
        `    ${mb(layer.size).padStart(9)}  ${layer.createdBy.replace(/\s+/g, ' ').slice(0, 110)}`,
    ),
  ];
  return lines.join('\n');
}
