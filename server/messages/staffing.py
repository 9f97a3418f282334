"""Staffing advice and the queueing arithmetic behind it (Erlang models, skill groups, service targets)."""

MESSAGES = {
    "staffing.no_arrival_rates": {"zh-CN": "请至少提供一类客户的到达率。"},
    "staffing.servers_invalid": {"zh-CN": "窗口数须为不小于 1 的整数（当前为 {value}）。"},
    "staffing.not_non_negative": {"zh-CN": "{name} 须为不小于 0 的有限数值（当前为 {value}）。"},
    "staffing.not_positive": {"zh-CN": "{name} 须为大于 0 的有限数值（当前为 {value}）。"},
    "staffing.abandonment_too_slow": {"zh-CN": "在此超负荷情况下，客户离队速度过慢；请检查耐心时间和到达率。"},
    "staffing.no_plan_hour": {"zh-CN": "排班计划中没有技能组“{group}”的 {hour} 点。"},
    "staffing.no_history": {"zh-CN": "{day} 之前没有到达记录，请至少记录一天。"},
    "staffing.no_ticket_history": {"zh-CN": "{day} 之前还没有取号记录；营业首日之后才能给出排班建议。"},
    "staffing.targets_missing": {"zh-CN": "历史记录中的业务 {services:list} 没有服务目标，请添加 ServiceTarget。"},
    "staffing.services_without_group": {"zh-CN": "业务 {services:list} 不属于任何技能组，请将其加入一个组。"},
    "staffing.hour_invalid": {"zh-CN": "小时须在 0 到 23 之间（当前为 {hour}）。"},
    "staffing.count_negative": {"zh-CN": "到达人数不能小于 0（当前为 {count}）。"},
    "staffing.too_many_counters": {
        "zh-CN": "技能组“{group}”在 {hour}:00 需要超过 {max} 个窗口；请检查历史记录是否按小时统计到达人数、"
        "服务时间是否以秒为单位。"
    },
    "staffing.duplicate_target": {"zh-CN": "“{service}”业务设置了两个服务目标，请只保留一个。"},
    "staffing.service_level_invalid": {"zh-CN": "service_level 须为 0 到 1 之间的比例（例如 0.8）。"},
    "staffing.target_times_invalid": {"zh-CN": "mean_service_s 须大于 0，target_wait_s 须不小于 0。"},
    "staffing.patience_invalid": {"zh-CN": "mean_patience_s 须大于 0；未知时不填（None）。"},
    "staffing.max_abandonment_invalid": {
        "zh-CN": "max_abandonment 须为 0 到 1 之间的比例，并须同时提供 mean_patience_s。"
    },
    "staffing.group_service_without_target": {"zh-CN": "技能组“{group}”包含的“{service}”业务没有服务目标。"},
    "staffing.service_in_two_groups": {
        "zh-CN": "“{service}”业务同时属于技能组“{other_group}”和“{group}”，请只分给其中一个。"
    },
}
