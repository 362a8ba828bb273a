import { existsSync } from 'node:fs';

/** A font file and, for a collection (.ttc), the PostScript name of the face to use. */
export interface CjkFont {
  path: string;
  postscriptName?: string;
}

/**
 * Fonts with Simplified Chinese glyphs that Debian packages install (`fonts-wqy-zenhei`,
 * `fonts-noto-cjk`, `fonts-wqy-microhei`), in order of preference. PDF's built-in fonts have no
 * Chinese glyphs, so a certificate without one of these would print empty boxes.
 */
const KNOWN_FONTS: readonly CjkFont[] = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', postscriptName: 'WenQuanYiZenHei' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', postscriptName: 'WenQuanYiMicroHei' },
];

export class CjkFontMissingError extends Error {
  override name = 'CjkFontMissingError';
}

/**
 * The configured font (`CERTIFICATE_FONT_PATH`, optionally `path#PostScriptName` for a collection),
 * else the first known one present. Called at start-up, so a server that could not print a
 * certificate refuses to start with the fix in the message instead of failing a volunteer later.
 */
export function findCjkFont(configured: string, exists: (path: string) => boolean = existsSync): CjkFont {
  if (configured) {
    const [path, postscriptName] = configured.split('#');
    if (!path || !exists(path)) throw new CjkFontMissingError(`CERTIFICATE_FONT_PATH points at ${path}, which does not exist`);
    return { path, ...(postscriptName ? { postscriptName } : {}) };
  }
  const found = KNOWN_FONTS.find((font) => exists(font.path));
  if (!found) {
    throw new CjkFontMissingError(
      'No Chinese (CJK) font found for service certificates. Install one (`apt-get install fonts-wqy-zenhei` or '
      + '`fonts-noto-cjk`) or set CERTIFICATE_FONT_PATH to a .ttf/.otf/.ttc file (`path#PostScriptName` for a .ttc). '
      + `Looked for: ${KNOWN_FONTS.map((f) => f.path).join(', ')}`,
    );
  }
  return found;
}
