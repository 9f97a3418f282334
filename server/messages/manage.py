"""The manager's dashboard: statistics over a period, their exports, targets and notices."""

MESSAGES = {
    "stats.period_reversed": {"zh-CN": "统计时段的结束日期（{end}）早于开始日期（{start}）。"},
    "stats.period_too_long": {"zh-CN": "一次统计最多覆盖 {max} 天。"},
    "stats.table_unknown": {"zh-CN": "没有名为“{table}”的统计表。"},
}
