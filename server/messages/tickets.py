"""Tickets: taking, calling and serving a number, the scanned codes that name one, and rating the service."""

MESSAGES = {
    "ticket.bad_reference": {"zh-CN": "无法识别：请提供排队号的编号或取号凭证上的代码。"},
    "ticket.not_found": {"zh-CN": "排队号（编号 {ticket_id}）不存在。"},
    "ticket.illegal_transition": {
        "zh-CN": "无法对{status:ticket_status}的号执行“{action:ticket_action}”：{status:ticket_status_hint}。"
    },
    "ticket.recall_limit": {"zh-CN": "该号已重复呼叫 {recalls} 次，达到本网点的上限；请改为标记过号。"},
    "ticket.prefix_invalid": {"zh-CN": "号码前缀须为 A–Z 中的一个字母。"},
    "ticket.sequence_invalid": {"zh-CN": "号码序号从 1 开始。"},
    "ticket.number_invalid": {"zh-CN": "“{number}”不是有效的排队号。"},
    "ticket.moment_naive": {"zh-CN": "时间须带时区。"},
    "ticket.not_at_your_counter": {"zh-CN": "这个号不在您的窗口。"},
    "ticket.channel_forbidden": {"zh-CN": "{role:role}账号不能发放“{channel:channel}”渠道的号。"},
    "ticket.devices_cannot_act": {"zh-CN": "设备不能对排队号进行操作。"},
    "ticket.manager_only_waiting": {"zh-CN": "仍在等候的号只有网点主管可以转移或取消。"},
    "ticket.only_own_counter": {"zh-CN": "只有该号所在窗口的柜员才能进行此操作。"},
    "ticket.online_only_anonymous": {"zh-CN": "未登录时只能在线取号。"},
    "ticket.service_required": {"zh-CN": "请选择要办理的业务（或提供预约码）。"},
    "ticket.transfer_target_missing": {"zh-CN": "请指定转往何处：业务、窗口，或两者。"},
    "ticket.counter_not_in_branch": {"zh-CN": "窗口（编号 {counter_id}）不属于本网点。"},
    "ticket.counter_lacks_service": {"zh-CN": "{counter} 号窗口不办理“{service}”业务。"},
    "ticket.code_unknown": {"zh-CN": "没有与此代码对应的排队号；请检查链接，或咨询大堂工作人员。"},
    "scan.rejected": {"zh-CN": "{reason:scan_reason}；请向工作人员寻求帮助。"},
    "feedback.not_finished": {"zh-CN": "业务办结后才能评价。"},
    "feedback.already_rated": {"zh-CN": "您已评价过本次服务，谢谢！"},
    "feedback.score_invalid": {"zh-CN": "评分须为 1 到 5 之间的整数。"},
    "feedback.comment_too_long": {"zh-CN": "留言不能超过 {max} 个字。"},
}

TERMS = {
    "ticket_status": {
        "zh-CN": {
            "waiting": "等候中", "called": "已叫号", "serving": "正在办理", "done": "已办结",
            "no_show": "已过号", "cancelled": "已取消", "expired": "已过期",
        },
    },
    "ticket_status_hint": {
        "zh-CN": {
            "waiting": "该号尚未叫号",
            "called": "该号已叫号，但尚未开始办理",
            "serving": "该号正在办理，请先办结或转移",
            "done": "该号的业务已办结",
            "no_show": "该号已标记为过号",
            "cancelled": "该号已取消",
            "expired": "该号已在营业日结束时过期",
        },
    },
    "ticket_action": {
        "zh-CN": {
            "call": "叫号", "recall": "重呼", "start": "开始办理", "finish": "办结", "no-show": "标记过号",
            "transfer": "转移", "cancel": "取消", "expire": "过期作废",
        },
    },
    "channel": {"zh-CN": {"kiosk": "取号机", "counter": "柜台", "online": "线上", "appointment": "预约"}},
    "scan_reason": {
        "zh-CN": {
            "malformed": "这不是本系统的二维码",
            "unknown_version": "此二维码来自本系统的其他版本",
            "bad_signature": "此二维码不是本行签发的",
            "expired": "此二维码已过期",
            "wrong_kind": "此二维码不能用于这里",
        },
    },
}
