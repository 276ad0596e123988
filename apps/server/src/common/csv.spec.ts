import { csvCell, toCsv } from './csv';

describe('the one CSV writer', () => {
  it('defuses every cell a spreadsheet would read as a formula: = + - @ TAB CR', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${start}1+1`)).toMatch(/^"?'/);
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('普通文字')).toBe('普通文字');
  });

  it('quotes only cells that need it unless every cell is asked for', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('a', { quoteAll: true })).toBe('"a"');
  });

  it('writes UTF-8 with a BOM and CRLF line ends', () => {
    const rows = [
      ['昵称', '日期'],
      ['阿杰', '2026-01-01'],
    ];
    expect(toCsv(rows)).toBe('\uFEFF昵称,日期\r\n阿杰,2026-01-01\r\n');
  });
});
