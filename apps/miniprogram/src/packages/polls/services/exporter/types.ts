/** How an admin takes the CSV export away: a browser download on h5; on weapp wx.downloadFile, then a chat or wx.openDocument. */
export interface PollExporter {
  /** Button label. */
  readonly label: string;
  /** Hands over the signed link; resolves the toast to show ('' when the member cancelled). */
  deliver(link: { url: string; path: string }): Promise<string>;
}
