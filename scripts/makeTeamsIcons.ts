/**
 * The source of the two Microsoft Teams app icons in teams/: draws them and writes them as PNG files (pngjs).
 *   teams/color.png    192×192, full colour: a white cloud with an upward "back up" arrow cut out, on a blue square.
 *   teams/outline.png   32×32, white on transparent: the same cloud as an outline with a solid arrow.
 * The PNGs are committed; run this only to redraw them:  npm run teams:icons
 * Output is deterministic (same pixels every run); test/teams checks the committed files still match these pixels.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PNG } from 'pngjs';

/** An image as 8-bit RGBA, row-major, 4 bytes a pixel. */
export interface RgbaImage {
  width: number;
  height: number;
  rgba: Buffer;
}

type Point = { x: number; y: number };
/** True when a point (in the glyph's unit square, y down) lies inside the shape. */
type Shape = (p: Point) => boolean;

// ---- The glyph, in a unit square (0..1, y grows downwards) ----------------------------------------------------------

/** Signed distance to the cloud outline (negative inside): three bumps over a rounded base. */
function cloudDistance(p: Point): number {
  const circle = (cx: number, cy: number, r: number): number => Math.hypot(p.x - cx, p.y - cy) - r;
  const roundedBox = (cx: number, cy: number, hw: number, hh: number, r: number): number => {
    const qx = Math.abs(p.x - cx) - (hw - r);
    const qy = Math.abs(p.y - cy) - (hh - r);
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
  };
  return Math.min(
    circle(0.33, 0.55, 0.16),
    circle(0.53, 0.43, 0.22),
    circle(0.74, 0.57, 0.13),
    roundedBox(0.535, 0.63, 0.345, 0.1, 0.1),
  );
}

interface ArrowGeometry {
  headTip: number;
  headBase: number;
  headHalf: number;
  shaftHalf: number;
  shaftBottom: number;
}
/** The arrow cut out of the solid cloud in the colour icon. */
const COLOR_ARROW: ArrowGeometry = { headTip: 0.33, headBase: 0.51, headHalf: 0.13, shaftHalf: 0.04, shaftBottom: 0.68 };
/** The outline icon's arrow: shorter, so at 32 px it stays clear of the cloud's top stroke and meets the bottom one. */
const OUTLINE_ARROW: ArrowGeometry = { headTip: 0.4, headBase: 0.56, headHalf: 0.14, shaftHalf: 0.045, shaftBottom: 0.72 };

/** An upward arrow (shaft plus triangular head) centred on x = 0.53. */
function insideArrow(p: Point, g: ArrowGeometry): boolean {
  const cx = 0.53;
  const { headTip, headBase, headHalf, shaftHalf, shaftBottom } = g;
  if (p.y >= headBase && p.y <= shaftBottom && Math.abs(p.x - cx) <= shaftHalf) return true;
  if (p.y >= headTip && p.y <= headBase) {
    const halfWidthHere = (headHalf * (p.y - headTip)) / (headBase - headTip);
    return Math.abs(p.x - cx) <= halfWidthHere;
  }
  return false;
}

// ---- Rasterising ---------------------------------------------------------------------------------------------------

const SUPERSAMPLE = 5; // 5×5 samples a pixel: smooth edges without a real rasteriser

/** Where the glyph's unit square lands in the image: its top-left corner and side, in pixels. */
interface Placement {
  left: number;
  top: number;
  size: number;
}

/** Fraction (0..1) of pixel (px, py) covered by `shape`. */
function coverage(shape: Shape, px: number, py: number, at: Placement): number {
  let hits = 0;
  for (let sy = 0; sy < SUPERSAMPLE; sy++) {
    for (let sx = 0; sx < SUPERSAMPLE; sx++) {
      const x = (px + (sx + 0.5) / SUPERSAMPLE - at.left) / at.size;
      const y = (py + (sy + 0.5) / SUPERSAMPLE - at.top) / at.size;
      if (shape({ x, y })) hits++;
    }
  }
  return hits / (SUPERSAMPLE * SUPERSAMPLE);
}

/** 192×192 colour icon: blue vertical gradient background, white cloud, arrow cut out of the cloud. */
export function drawColorIcon(): RgbaImage {
  const size = 192;
  const at: Placement = { left: 28, top: 28, size: 136 }; // centred; the cloud itself is about 105 px wide
  const top = [0x3d, 0x9b, 0xf0];
  const bottom = [0x1a, 0x5f, 0xc4];
  const cloudWithHole: Shape = (p) => cloudDistance(p) <= 0 && !insideArrow(p, COLOR_ARROW);
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    const t = y / (size - 1);
    const bg = top.map((c, i) => c + (bottom[i]! - c) * t);
    for (let x = 0; x < size; x++) {
      const a = coverage(cloudWithHole, x, y, at);
      const o = (y * size + x) * 4;
      for (let i = 0; i < 3; i++) rgba[o + i] = Math.round(bg[i]! * (1 - a) + 255 * a);
      rgba[o + 3] = 255;
    }
  }
  return { width: size, height: size, rgba };
}

/** 32×32 outline icon: white cloud outline and a solid white arrow on a fully transparent background. */
export function drawOutlineIcon(): RgbaImage {
  const size = 32;
  // The unit square is larger than the icon so the cloud (x 0.17..0.88 of it) spans about 27 of the 32 pixels.
  const at: Placement = { left: -3, top: -2, size: 38 };
  const stroke = 2.1 / at.size; // about two pixels wide
  const outline: Shape = (p) => {
    const d = cloudDistance(p);
    return (d <= 0 && d > -stroke) || insideArrow(p, OUTLINE_ARROW);
  };
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const a = coverage(outline, x, y, at);
      const o = (y * size + x) * 4;
      rgba[o] = 255;
      rgba[o + 1] = 255;
      rgba[o + 2] = 255;
      rgba[o + 3] = Math.round(255 * a);
    }
  }
  return { width: size, height: size, rgba };
}

// ---- PNG ------------------------------------------------------------------------------------------------------------

/** Encodes an RGBA image as an 8-bit RGBA PNG (pngjs). */
export function encodePng(image: RgbaImage): Buffer {
  const png = new PNG({ width: image.width, height: image.height });
  image.rgba.copy(png.data);
  return PNG.sync.write(png, { colorType: 6 });
}

/** Writes both icons into `teamsDir` (default: the repository's teams/ folder). Returns the paths written. */
export function writeTeamsIcons(teamsDir: string): string[] {
  fs.mkdirSync(teamsDir, { recursive: true });
  const colorPath = path.join(teamsDir, 'color.png');
  const outlinePath = path.join(teamsDir, 'outline.png');
  fs.writeFileSync(colorPath, encodePng(drawColorIcon()));
  fs.writeFileSync(outlinePath, encodePng(drawOutlineIcon()));
  return [colorPath, outlinePath];
}

if (require.main === module) {
  // Works both from scripts/ (ts-node style) and from dist/scripts/ (compiled): find the folder holding package.json.
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  for (const written of writeTeamsIcons(path.join(dir, 'teams'))) console.log(`wrote ${path.relative(process.cwd(), written)}`);
}
