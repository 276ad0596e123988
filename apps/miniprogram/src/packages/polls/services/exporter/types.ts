/** How an admin takes the CSV export away: a browser download on h5, a copied link in WeChat. */
export interface PollExporter {
  /** Button label. */
  readonly label: string;
  /** Hands over the signed link; resolves the toast to show. */
  deliver(link: { url: string; path: string }): Promise<string>;
}
