import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { checkInQrPng, checkInQrSvg, normalizeCheckInCode } from './check-in-code';

describe('normalizeCheckInCode', () => {
  it('accepts a code typed in any case, with spaces or dashes', () => {
    expect(normalizeCheckInCode('k7mz-2qxa')).toBe('K7MZ2QXA');
    expect(normalizeCheckInCode(' K7MZ 2QXA ')).toBe('K7MZ2QXA');
  });

  it('refuses what cannot be a code: look-alikes, wrong length, other characters', () => {
    for (const input of ['K7MZ2QX0', 'K7MZ2QXI', 'K7MZ2QX', 'K7MZ2QXAB', 'K7MZ2QX!', '']) {
      expect(normalizeCheckInCode(input)).toBeUndefined();
    }
  });
});

describe('check-in QR codes', () => {
  it('draws the code as a PNG that a QR reader reads back', async () => {
    const png = PNG.sync.read(await checkInQrPng('K7MZ2QXA'));
    const read = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(read?.data).toBe('K7MZ2QXA');
  });

  it('draws it as SVG too', async () => {
    expect(await checkInQrSvg('K7MZ2QXA')).toMatch(/^<svg [^>]*viewBox="0 0 29 29"/);
  });
});
