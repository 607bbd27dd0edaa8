// Form inputs the API tests and the load benchmark send, as a phone would (numbers may be text).
// Each test changes only what it is about.

/** A resident's profile: 関係人口, data entry and SNS posts, 20 hours on weekday mornings to evenings. */
export function profileInput(overrides = {}) {
  return {
    display_name: "山田 花子",
    lives_in: "related",
    skills: [{ task: "data.entry", level: "experienced" }, { task: "sns.post", level: "beginner" }],
    hours_per_week: 20,
    windows: ["weekday_morning", "weekday_daytime", "weekday_evening"],
    devices: "pc",
    wishes: { families: [], min_hourly_yen: "", team_ok: true },
    ...overrides,
  };
}

/** A remote data-entry job open to anyone: 10 hours a week, 5 per person, 1,200 yen an hour. */
export function jobInput(overrides = {}) {
  return {
    title: "申込書のデータ入力",
    description: "紙の申込書を表計算ソフトに入力します。",
    tasks: [{ task: "data.entry", level: "beginner" }],
    hours_per_week: 10,
    min_hours_per_person: 5,
    windows: ["weekday_morning", "weekday_daytime"],
    duration_weeks: 12,
    place: "remote",
    pay_kind: "hourly",
    pay_yen: 1200,
    who_may_apply: "anyone",
    team_allowed: false,
    needs_pc: true,
    data_access: "public_only",
    ...overrides,
  };
}
