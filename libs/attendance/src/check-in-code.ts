import QRCode from 'qrcode';

/**
 * Check-in codes as people handle them: 8 characters of an alphabet without look-alikes (no 0/O, no 1/I), drawn by
 * the database (new_check_in_code) and unique within the event. Typed at the door in any case, with spaces or dashes;
 * carried by a QR code that holds nothing but the code.
 */
const CODE = /^[A-HJ-NP-Z2-9]{8}$/;

/** The code as stored, or undefined when the input cannot be one: upper case, spaces and dashes removed. */
export function normalizeCheckInCode(input: string): string | undefined {
  const code = input.replace(/[\s\-‐‑–—]/gu, '').toUpperCase();
  return CODE.test(code) ? code : undefined;
}

const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

/** The code as a QR code in SVG (the manage view's image). */
export function checkInQrSvg(code: string): Promise<string> {
  return QRCode.toString(code, { ...QR_OPTIONS, type: 'svg' });
}

/** The code as a QR code in PNG, 8 pixels a module (the mail's inline image: mail clients do not all show SVG). */
export function checkInQrPng(code: string): Promise<Buffer> {
  return QRCode.toBuffer(code, { ...QR_OPTIONS, type: 'png', scale: 8 });
}
