"""Messages of the web layer itself: malformed requests, refused addresses, races. Errors raised without
a code of their own keep their class's generic code and are answered with their English sentence."""

MESSAGES = {
    "request.invalid": {"zh-CN": "请求内容有误（{field}）：{reason}"},
    "request.nul_in_address": {"zh-CN": "地址中含有不允许的控制字符。"},
    "request.concurrent_change": {"zh-CN": "数据刚被其他操作修改，请重试。"},
    "http.404": {"zh-CN": "没有这个地址。"},
    "http.405": {"zh-CN": "此地址不支持这种请求方法。"},
}
