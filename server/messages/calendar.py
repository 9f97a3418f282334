"""Messages of the business day: opening hours, holidays, walk-ins after closing, bookings outside hours."""

MESSAGES = {
    "calendar.closed_opens_today": {"zh-CN": "当前不在营业时间，今天 {time} 起可以取号。"},
    "calendar.closed_opens_tomorrow": {"zh-CN": "本网点今日已停止取号，明天 {time} 开始营业。"},
    "calendar.closed_opens_later": {"zh-CN": "本网点已停止取号，下次营业时间为 {date} {time}。"},
    "calendar.closed_no_opening": {"zh-CN": "本网点暂停营业，近期没有营业安排。"},
    "calendar.slot_day_closed": {"zh-CN": "本网点 {date} 不营业，请选择其他日期。"},
    "calendar.slot_outside_hours": {"zh-CN": "本网点 {date} 的营业时间为 {hours}，请选择营业时间内的时段。"},
    "calendar.period_format": {"zh-CN": "营业时间应写作 09:00-17:00（收到的是 {given}）。"},
    "calendar.period_backwards": {"zh-CN": "营业时段的结束时间必须晚于开始时间（收到的是 {given}）。"},
    "calendar.periods_overlap": {"zh-CN": "营业时段 {first} 与 {second} 重叠。"},
    "calendar.too_many_periods": {"zh-CN": "每天最多设置 {max} 个营业时段。"},
    "calendar.unknown_weekday": {"zh-CN": "请填写星期的英文名称，例如 monday（收到的是 {given}）。"},
    "calendar.weekly_hours_days": {"zh-CN": "每周营业时间需要列出全部七天：{missing}。"},
    "calendar.special_day_kind": {"zh-CN": "特殊日期请只选一种：closed（休息）、hours（指定时段）或 like（按某个工作日的时间营业）。"},
    "calendar.hours_or_weekly": {"zh-CN": "请只设置每周营业时间（weekly_hours）或统一的开门/关门时间（opens_at/closes_at）之一。"},
    "calendar.day_out_of_range": {"zh-CN": "日期 {date} 超出可设置的范围（{first} 至 {last}）。"},
    "calendar.weekly_hours_shape": {"zh-CN": "{field} 应按星期（monday 至 sunday）分别列出营业时段。"},
    "calendar.hours_shape": {"zh-CN": "{field} 应为营业时段列表，例如 [\"09:00-12:00\"]。"},
    "calendar.special_day_missing": {"zh-CN": "{date} 没有设置特殊营业安排。"},
}
