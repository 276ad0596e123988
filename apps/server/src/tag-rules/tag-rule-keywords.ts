import { escapeRegex } from '../common/regex';

/** Han, kana and hangul: scripts written without spaces, where a keyword is matched as a substring. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WORD_CHAR = '[\\p{Script=Latin}\\p{Script=Greek}\\p{Script=Cyrillic}\\p{N}_]';

/** Stored form of a rule's keywords: trimmed, lower-cased, without blanks or repeats. */
export function normalizeKeywords(keywords: readonly string[]): string[] {
  return [...new Set(keywords.map((k) => k.trim().toLowerCase()).filter(Boolean))];
}

/**
 * The first of `keywords` (normalized) that `text` contains, or null. A keyword with Chinese (or
 * other CJK) characters matches anywhere; a Latin one only as a whole word, so "run" matches
 * "Run club!" but not "running" or "brunch". Case-insensitive.
 */
export function matchKeyword(text: string, keywords: readonly string[]): string | null {
  const lower = text.toLowerCase();
  for (const keyword of keywords) {
    if (CJK.test(keyword)) {
      if (lower.includes(keyword)) return keyword;
      continue;
    }
    // Alphabetic letters, digits and underscores continue a word; Chinese next to it does not (「爱yoga课」).
    const word = new RegExp(`(?<!${WORD_CHAR})${escapeRegex(keyword)}(?!${WORD_CHAR})`, 'u');
    if (word.test(lower)) return keyword;
  }
  return null;
}
