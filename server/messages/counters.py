"""Counters: opening, pausing and closing a counter, and who may work at it."""

MESSAGES = {
    "counter.illegal_transition": {"zh-CN": "窗口当前{state:counter_state}，不能{action:counter_action}。"},
    "counter.closed": {"zh-CN": "{counter} 号窗口已关闭，请先开放窗口。"},
    "counter.not_open": {"zh-CN": "{counter} 号窗口{state:counter_state}，请先恢复服务。"},
    "counter.devices_cannot_operate": {"zh-CN": "设备不能操作窗口。"},
    "counter.opened_by_other": {"zh-CN": "{counter} 号窗口是由其他账号开放的。"},
    "counter.has_active_ticket": {
        "zh-CN": "{counter} 号窗口仍有{status:ticket_status}的 {ticket} 号；请先办结、转移或标记过号。"
    },
    "counter.not_found": {"zh-CN": "窗口（编号 {counter_id}）不存在。"},
}

TERMS = {
    "counter_state": {"zh-CN": {"closed": "已关闭", "open": "已开放", "paused": "已暂停"}},
    "counter_action": {"zh-CN": {"open": "开放", "pause": "暂停", "resume": "恢复服务", "close": "关闭"}},
}
