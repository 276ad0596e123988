import qrcode from 'qrcode-generator';

/** The QR modules of `text` (error correction M), true = dark. Pure JS, no platform APIs. */
export function qrMatrix(text: string): boolean[][] {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const n = qr.getModuleCount();
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => qr.isDark(r, c)));
}

/** Paints the matrix with a quiet zone of 2 modules on any 2D context (weapp canvas 2d or DOM canvas). */
export function paintQr(
  ctx: { fillStyle: unknown; fillRect(x: number, y: number, w: number, h: number): void },
  matrix: boolean[][],
  size: number,
): void {
  const cells = matrix.length + 4;
  const cell = size / cells;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, size, size);
  ctx.fillStyle = '#111111';
  matrix.forEach((row, r) =>
    row.forEach((dark, c) => {
      // +0.5 px overlap so no hairlines show between modules after scaling.
      if (dark) ctx.fillRect((c + 2) * cell, (r + 2) * cell, cell + 0.5, cell + 0.5);
    }),
  );
}
