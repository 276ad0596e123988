/** A calendar day in China time (Asia/Shanghai), `YYYY-MM-DD`: the day operators report in. */
export type DayKey = string;

/** How many events of one type happened on one day (summed over the scope asked for). */
export interface DailyActivityView {
  day: DayKey;
  type: string;
  count: number;
}

export interface DailyActivityQuery {
  from: DayKey;
  to: DayKey;
}

export interface DailyActivityResponse {
  items: DailyActivityView[];
}
