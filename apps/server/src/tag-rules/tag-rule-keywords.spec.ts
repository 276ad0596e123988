import { matchKeyword, normalizeKeywords } from './tag-rule-keywords';

describe('keyword matching for tag rules', () => {
  const keywords = normalizeKeywords([' Run ', 'yoga', '跑步', 'c++', 'run', '']);

  it('normalizes: trimmed, lower-cased, no blanks or repeats', () => {
    expect(keywords).toEqual(['run', 'yoga', '跑步', 'c++']);
  });

  it('matches Latin keywords as whole words only, case-insensitively', () => {
    expect(matchKeyword('Run club this Saturday!', keywords)).toBe('run');
    expect(matchKeyword('YOGA tonight?', keywords)).toBe('yoga');
    expect(matchKeyword('I love running', keywords)).toBeNull();
    expect(matchKeyword('brunch anyone', keywords)).toBeNull();
    expect(matchKeyword('yogamat for sale', keywords)).toBeNull();
    expect(matchKeyword('run_club', keywords)).toBeNull();
  });

  it('treats Chinese next to a Latin keyword as a word boundary', () => {
    expect(matchKeyword('周末一起练yoga吗', keywords)).toBe('yoga');
  });

  it('matches Chinese keywords as substrings', () => {
    expect(matchKeyword('明天早上去奥森跑步吗', keywords)).toBe('跑步');
    expect(matchKeyword('跑步机坏了', keywords)).toBe('跑步');
    expect(matchKeyword('今天去爬山', keywords)).toBeNull();
  });

  it('takes regex characters in keywords literally', () => {
    expect(matchKeyword('Learning C++ together', keywords)).toBe('c++');
    expect(matchKeyword('Learning C together', keywords)).toBeNull();
  });
});
