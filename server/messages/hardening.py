"""Messages of the hardening rules: free text that cannot be kept, bodies that are too large,
values outside what the server can represent."""

MESSAGES = {
    "text.empty": {"zh-CN": "此项不能为空。"},
    "text.too_long": {"zh-CN": "内容过长：最多 {max_length} 个字符（现有 {length} 个）。"},
    "text.control_character": {"zh-CN": "内容中含有不允许的控制字符（{character}），请删除。"},
    "text.bidi_control": {"zh-CN": "内容中含有会改变文字方向的控制字符（{character}），请删除。"},
    "text.invisible_character": {"zh-CN": "名称中含有不可见字符（{character}），请删除。"},
    "text.invalid_character": {"zh-CN": "内容中含有无效字符（{character}），请删除。"},
    "request.body_too_large": {"zh-CN": "请求内容过大：此地址最多接受 {limit_bytes} 字节。"},
}
