import { GlobalFonts } from '@napi-rs/canvas';

/**
 * Noto Sans SC (OFL-1.1) shipped by the `@expo-google-fonts/noto-sans-sc` npm package, registered
 * under our own family names so a poster never depends on what fonts the host happens to have.
 */
export const POSTER_FONT = {
  regular: 'Quanzi Noto Sans SC',
  bold: 'Quanzi Noto Sans SC Bold',
} as const;

const FILES = {
  [POSTER_FONT.regular]: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  [POSTER_FONT.bold]: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
};

let registered = false;

/** Registers both faces once per process; throws at boot if the font package is missing. */
export function registerPosterFonts(): void {
  if (registered) return;
  for (const [family, file] of Object.entries(FILES)) {
    const key = GlobalFonts.registerFromPath(require.resolve(file), family);
    if (!key) throw new Error(`poster font ${file} could not be registered`);
  }
  registered = true;
}

/** A CSS font shorthand using only a shipped face. */
export const posterFont = (px: number, weight: 'regular' | 'bold' = 'regular') => `${px}px "${POSTER_FONT[weight]}"`;
