"""Joining the queue remotely and the customer messages (SMS / WeChat) of `server.services.notifications`."""

MESSAGES = {
    "remote.disabled": {"zh-CN": "本网点暂未开放远程排队，请到网点取号机取号。"},
    "remote.cap_reached": {"zh-CN": "今天的远程排队名额（{cap} 个）已满，请到网点取号机取号。"},
    "remote.cap_range": {"zh-CN": "每日名额应在 0 到 {max} 之间。"},
    "remote.arrive_within_range": {"zh-CN": "到达时限应在 {min} 到 {max} 分钟之间。"},
    "remote.not_remote": {"zh-CN": "这张号票是在网点取的，无需签到。"},
    "remote.already_checked_in": {"zh-CN": "这张号票已经签到，请留意叫号。"},
    "remote.arrival_passed": {"zh-CN": "已超过到达时间，号票已失效，请重新取号。"},
    "remote.not_waiting": {"zh-CN": "这张号票已不在排队中，无法签到。"},
    "remote.not_today": {"zh-CN": "本网点今天没有这个号码，请核对号码或扫描手机上的二维码。"},
    "remote.phone_already": {"zh-CN": "这张号票已经留过手机号。"},
    "remote.phone_not_waiting": {"zh-CN": "号票已不在排队中，无需再留手机号。"},
}

NOTIFICATION_TEXTS = {
    "near": {
        "zh-CN": "【{branch}】您的 {number} 号前面还有 {ahead} 人，请留意叫号。",
        "en": "{branch}: {ahead} ahead of ticket {number}. Please stay near the counters.",
    },
    "near_remote": {
        "zh-CN": "【{branch}】您的 {number} 号前面还有 {ahead} 人，请在 {arrive_by} 前到网点取号机扫码签到。",
        "en": "{branch}: {ahead} ahead of ticket {number}. Please check in at the branch kiosk by {arrive_by}.",
    },
    "called": {
        "zh-CN": "【{branch}】请 {number} 号到 {counter} 号窗口办理业务。",
        "en": "{branch}: ticket {number}, please go to counter {counter}.",
    },
    "reminder": {
        "zh-CN": "【{branch}】您预约了明天 {time} 的{service_zh}，签到码 {code}，请携带相关证件。",
        "en": "{branch}: your appointment for {service_en} is tomorrow at {time}; check-in code {code}.",
    },
}
"""The messages a customer receives, per template and language (the customer's language when they left the number)."""
