/** 分 → a yuan amount with two decimals ("19.90"), for CSV cells and message text. */
export const yuan = (fen: number): string => (fen / 100).toFixed(2);
