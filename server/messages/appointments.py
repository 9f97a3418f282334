"""Appointments: booking a slot, cancelling it and checking in with its code."""

MESSAGES = {
    "appointment.code_format": {"zh-CN": "预约码由 {length} 位字母和数字组成。"},
    "appointment.phone_format": {"zh-CN": "请输入 11 位中国大陆手机号码。"},
    "appointment.slot_needs_offset": {"zh-CN": "预约时段须带时区，例如 2026-12-01T10:00:00+08:00。"},
    "appointment.slot_in_past": {"zh-CN": "请选择将来的时段。"},
    "appointment.slot_too_far": {"zh-CN": "最多可提前 {days} 天预约。"},
    "appointment.slot_grid": {"zh-CN": "预约时段每 {minutes} 分钟一档，请按此选择开始时间。"},
    "appointment.service_not_bookable": {"zh-CN": "本网点不能预约此业务。"},
    "appointment.slot_full": {"zh-CN": "该时段已约满，请选择其他时间。"},
    "appointment.name_required": {"zh-CN": "请填写预约人姓名。"},
    "appointment.cannot_cancel": {"zh-CN": "该预约{status:appointment_status}，无法取消。"},
    "appointment.not_at_branch": {"zh-CN": "本网点没有与此预约码对应的预约。"},
    "appointment.already_status": {"zh-CN": "该预约{status:appointment_status}。"},
    "appointment.too_early": {"zh-CN": "还不能签到，请在预约时段开始前 2 小时内再来。"},
    "appointment.slot_passed": {"zh-CN": "预约时段已过，请正常取号。"},
    "appointment.not_found": {"zh-CN": "没有与此代码对应的预约。"},
}

TERMS = {
    "appointment_status": {
        "zh-CN": {"booked": "已预约", "checked_in": "已签到", "cancelled": "已取消", "no_show": "已失约"},
    },
}
