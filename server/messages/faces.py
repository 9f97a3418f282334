"""Face check-in: enrolling a customer's face, identifying it at the kiosk, deleting face data."""

MESSAGES = {
    "face.encoding_count": {"zh-CN": "登记人脸须提供 1 至 {max} 组人脸特征，实际收到 {count} 组。"},
    "face.consent_missing": {"zh-CN": "登记人脸前，请记录客户同意的授权书版本。"},
    "face.appointment_not_current": {"zh-CN": "该预约{status:appointment_status}，只能为有效的预约登记人脸。"},
    "face.appointment_without_customer": {"zh-CN": "该预约没有登记客户信息。"},
    "face.role_cannot": {"zh-CN": "{role:role}账号不能{what:face_activity}。"},
    "face.customer_not_found": {"zh-CN": "客户（编号 {customer_id}）不存在。"},
    "face.customer_without_appointment": {"zh-CN": "客户（编号 {customer_id}）在任何网点都没有预约。"},
    "face.disabled": {"zh-CN": "本系统未开启刷脸签到，请使用预约码签到。"},
    "face.no_vault_key": {
        "zh-CN": "未配置人脸库密钥；请将 BRANCHQ_FACE_VAULT_KEY 设为加密这些记录时所用的密钥。"
    },
    "face.vault_key_wrong": {
        "zh-CN": "刷脸签到暂不可用：无法用已配置的密钥打开人脸库，请检查 BRANCHQ_FACE_VAULT_KEY。"
    },
    "face.vault_dir_unusable": {
        "zh-CN": "人脸库目录 {vault_dir} 无法使用（{reason}），请检查 BRANCHQ_FACE_VAULT_DIR 及其权限。"
    },
    "face.encoding_invalid": {
        "zh-CN": "人脸特征数据无效（{reason}）；请发送取号机人脸编码器生成的 {dimension} 个数字。"
    },
    "face.encoding_not_list": {"zh-CN": "人脸特征须为由 {dimension} 个数字组成的列表。"},
}

TERMS = {
    "face_activity": {
        "zh-CN": {"enroll faces": "登记人脸", "identify faces": "识别人脸", "delete face data": "删除人脸数据"},
    },
}
