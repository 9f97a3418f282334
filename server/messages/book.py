"""Booking online (issue 9): the free slots, moving a booking, the per-phone limit, the public rate limit."""

MESSAGES = {
    "appointment.phone_limit": {"zh-CN": "此手机号在本网点已有 {held} 个待办预约（最多 {limit} 个）。请先取消一个，或办理后再约。"},
    "appointment.cannot_reschedule": {"zh-CN": "该预约{status:appointment_status}，无法改期。"},
    "appointment.day_out_of_range": {"zh-CN": "请选择今天起、可预约范围内的日期。"},
    "booking.setting_range": {"zh-CN": "{field} 须在 0 到 {max} 之间。"},
    "rate.limited": {"zh-CN": "请求过于频繁，请 {retry_after_s} 秒后再试。"},
}
