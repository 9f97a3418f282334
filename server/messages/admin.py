"""Administration: branches, services, counters, devices and staff accounts, and the rules their fields keep.

Field names (`{field}`) are the API's own names, shown as they are: administrators see them in the forms."""

MESSAGES = {
    "admin.branch_code_taken": {"zh-CN": "代码为“{code}”的网点已存在。"},
    "admin.branch_not_active": {"zh-CN": "没有代码为“{code}”的启用中网点。"},
    "admin.branch_counters_open": {"zh-CN": "网点“{branch}”仍有 {count} 个窗口开放，请先关闭。"},
    "admin.branch_tickets_open": {
        "zh-CN": "网点“{branch}”仍有 {count} 个未完成的排队号，请先办结、转移或取消。"
    },
    "admin.service_field_taken": {
        "zh-CN": "网点“{branch}”已有 {field} 为“{value}”的业务（{clash_code}），请换一个 {field}。"
    },
    "admin.service_tickets_open": {"zh-CN": "“{service}”业务仍有 {count} 个未完成的排队号，请先办结或转移。"},
    "admin.counter_number_taken": {"zh-CN": "网点“{branch}”已有 {number} 号窗口，请换一个窗口号。"},
    "admin.counter_not_closed": {"zh-CN": "{counter} 号窗口{state:counter_state}，请先关闭。"},
    "admin.counter_has_ticket": {
        "zh-CN": "{ticket} 号（{status:ticket_status}）仍在或正被转往 {counter} 号窗口，请先办结或转移。"
    },
    "admin.counter_skill_unknown": {"zh-CN": "网点“{branch}”没有启用中的“{service}”业务。"},
    "admin.username_taken": {"zh-CN": "用户名“{username}”已被占用，请换一个。"},
    "admin.role_needs_branch": {"zh-CN": "{role:role}账号至少需要一个网点，请在 branches 中列出。"},
    "admin.own_admin_role": {"zh-CN": "不能取消自己的管理员角色，请联系其他管理员。"},
    "admin.own_account_deactivate": {"zh-CN": "不能停用自己的账号，请联系其他管理员。"},
    "admin.staff_holds_counter": {
        "zh-CN": "{username} 仍占用 {counter} 号窗口（{state:counter_state}），需由网点主管先关闭该窗口。"
    },
    "admin.row_not_found": {"zh-CN": "{what:record_kind}（编号 {id}）不存在。"},
    "admin.field_empty": {"zh-CN": "{field} 不能为空。"},
    "admin.field_required": {"zh-CN": "{field} 为必填项。"},
    "admin.field_not_settable": {"zh-CN": "此处不能设置 {field}。"},
    "admin.text_too_long": {"zh-CN": "{field} 不能超过 {max} 个字符。"},
    "admin.code_format": {
        "zh-CN": "{field} 须为 1–32 个字符：小写字母 a–z、数字、“-”或“_”，并以字母或数字开头。"
    },
    "admin.username_format": {"zh-CN": "{field} 须为 3–64 个字符：小写字母 a–z、数字、“.”、“_”或“-”。"},
    "admin.password_too_short": {"zh-CN": "{field} 至少需要 {min} 个字符。"},
    "admin.not_whole_number": {"zh-CN": "{field} 须为 {low} 到 {high} 之间的整数。"},
    "admin.number_out_of_range": {"zh-CN": "{field} 须在 {low} 到 {high} 之间（当前为 {value}）。"},
    "admin.minutes_not_number": {"zh-CN": "{field} 须为分钟数。"},
    "admin.minutes_out_of_range": {"zh-CN": "{field} 须大于 0 且不超过 {max:g} 分钟。"},
    "admin.clock_time_format": {"zh-CN": "{field} 须为 HH:MM 格式的时间，例如 09:00。"},
    "admin.unknown_time_zone": {"zh-CN": "未知时区“{name}”，请使用 IANA 名称，例如 Asia/Shanghai。"},
    "admin.unknown_choice": {"zh-CN": "未知的{what:record_kind}“{name}”，请从以下选项中选择：{choices:list}。"},
    "admin.documents_not_list": {"zh-CN": "{field} 须为文本列表。"},
    "admin.documents_too_many": {"zh-CN": "{field} 最多列出 {max} 项所需材料。"},
    "admin.codes_not_list": {"zh-CN": "{field} 须为代码列表。"},
    "admin.code_repeated": {"zh-CN": "{field} 中的“{code}”重复出现。"},
    "admin.role_invalid": {"zh-CN": "{field} 须为以下角色之一：{roles:list:role}。"},
    "admin.hours_order": {"zh-CN": "网点开门时间须早于关门时间（opens_at < closes_at）。"},
}

TERMS = {
    "record_kind": {
        "zh-CN": {
            "counter": "窗口", "device": "设备", "service": "业务", "staff member": "员工",
            "calling policy": "叫号策略", "wait predictor": "等候时间预测方法", "category": "菜单分类",
        },
    },
}
