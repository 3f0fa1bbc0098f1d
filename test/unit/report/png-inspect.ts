import { createCanvas, loadImage } from '@napi-rs/canvas';

/** Width and height from the PNG IHDR chunk (bytes 16–23, big-endian). */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Distinct colours, near-black pixels and non-opaque pixels of a PNG: a blank image has few. */
export async function pixelStats(
  png: Uint8Array,
): Promise<{ colours: number; darkPixels: number; transparent: number }> {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, image.width, image.height);
  const colours = new Set<number>();
  let darkPixels = 0;
  let transparent = 0;
  for (let offset = 0; offset < data.length; offset += 4) {
    const [r = 0, g = 0, b = 0, a = 0] = data.subarray(offset, offset + 4);
    colours.add((r << 16) | (g << 8) | b);
    if (r + g + b < 200) darkPixels += 1;
    if (a < 255) transparent += 1;
  }
  return { colours: colours.size, darkPixels, transparent };
}
