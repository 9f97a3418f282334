"""zh-CN wording of the floor's errors: counters held and released, transfers, returns after a missed
call (过号), and configuration changes refused while they would strand the day's tickets."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "counter.already_held": {"zh-CN": "您已占用 {counter} 号窗口，请先关闭该窗口再开启其他窗口"},
    "counter.release_closed": {"zh-CN": "{counter} 号窗口已关闭，无需释放"},
    "transfer.counter_closed": {"zh-CN": "{counter} 号窗口已关闭，请转至开放或暂停中的窗口，或转至业务队列"},
    "ticket.return_used": {"zh-CN": "此号已过号重排过一次，请重新取号"},
    "ticket.return_too_late": {"zh-CN": "过号已超过 {minutes} 分钟，请重新取号"},
    "ticket.return_other_day": {"zh-CN": "此号不是今天的号，请重新取号"},
    "ticket.return_by_scan": {"zh-CN": "请扫描客户的号票：取号机按号票上的二维码查找"},
    "staff.holds_counter": {"zh-CN": "{username} 仍占用 {counter} 号窗口，请先关闭或释放该窗口"},
    "branch.time_zone_open_tickets": {"zh-CN": "网点还有 {count} 张未办结的号，请在营业日结束后再更改时区"},
    "branch.time_zone_changes_day": {
        "zh-CN": "网点今天已发出 {count} 张号，改为日期不同的时区会使今天的号码重新开始，请在午夜后再更改"
    },
    "service.prefix_used_today": {"zh-CN": "字母 {prefix} 今天已用于其他业务的号码（{number}），请明天再用或选择其他字母"},
    "service.has_bookings": {"zh-CN": "业务 {service} 还有 {count} 个待到的预约，请先取消这些预约"},
}
