<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CheckinScreen</name>
    <message>
        <source>Check in for your appointment</source>
        <translation>预约签到</translation>
    </message>
    <message>
        <source>Hold the QR code of your booking inside the square</source>
        <translation>将预约二维码对准方框</translation>
    </message>
    <message>
        <source>Or type your booking code (%1 letters and digits)</source>
        <translation>或输入预约码（%1 位字母和数字）</translation>
    </message>
    <message>
        <source>Type your booking code (%1 letters and digits)</source>
        <translation>请输入预约码（%1 位字母和数字）</translation>
    </message>
    <message>
        <source>Erase</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在核对…</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>签到</translation>
    </message>
</context>
<context>
    <name>FaceScreen</name>
    <message>
        <source>Face check-in</source>
        <translation>刷脸签到</translation>
    </message>
    <message>
        <source>Use my QR code or booking code instead</source>
        <translation>改用二维码或预约码签到</translation>
    </message>
    <message>
        <source>Please look at the camera</source>
        <translation>请看向摄像头</translation>
    </message>
    <message>
        <source>Keep your face inside the circle</source>
        <translation>请将面部保持在圆圈内</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在核对…</translation>
    </message>
    <message>
        <source>Please stay still for a moment</source>
        <translation>请保持不动片刻</translation>
    </message>
    <message>
        <source>Welcome, %1</source>
        <translation>%1，欢迎您</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>欢迎光临</translation>
    </message>
    <message>
        <source>You are checked in. Your ticket follows.</source>
        <translation>您已签到，马上为您显示号票。</translation>
    </message>
    <message>
        <source>We could not check you in by face</source>
        <translation>未能通过刷脸为您签到</translation>
    </message>
    <message>
        <source>Please use the QR code or booking code of your appointment</source>
        <translation>请使用预约二维码或预约码签到</translation>
    </message>
</context>
<context>
    <name>GuideScreen</name>
    <message>
        <source>Guide to our services</source>
        <translation>业务指南</translation>
    </message>
    <message>
        <source>The guide is not available yet. Please ask a member of staff.</source>
        <translation>业务指南暂时无法显示，请咨询工作人员。</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>More</source>
        <translation>下一页</translation>
    </message>
    <message>
        <source>Where: %1</source>
        <translation>办理地点：%1</translation>
    </message>
    <message>
        <source>Bring: %1</source>
        <translation>请携带：%1</translation>
    </message>
    <message>
        <source>Usually takes about %1 min at the counter</source>
        <translation>窗口办理通常约需 %1 分钟</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Welcome</source>
        <translation>欢迎光临</translation>
    </message>
    <message>
        <source>Touch a choice below to begin</source>
        <translation>请点击下方选项开始</translation>
    </message>
    <message>
        <source>Take a ticket</source>
        <translation>取号</translation>
    </message>
    <message>
        <source>Queue for a service at a counter</source>
        <translation>排队到窗口办理业务</translation>
    </message>
    <message>
        <source>I have an appointment</source>
        <translation>预约签到</translation>
    </message>
    <message>
        <source>Check in with your QR code or booking code</source>
        <translation>凭预约二维码或预约码签到</translation>
    </message>
    <message>
        <source>Face check-in</source>
        <translation>刷脸签到</translation>
    </message>
    <message>
        <source>For customers who agreed to face check-in</source>
        <translation>适用于已同意刷脸签到的客户</translation>
    </message>
    <message>
        <source>Guide</source>
        <translation>业务指南</translation>
    </message>
    <message>
        <source>Where to go, what to bring, how long it takes</source>
        <translation>去哪里办、带什么、要多久</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>BranchQ</source>
        <translation>智能排队</translation>
    </message>
    <message>
        <source>Elder mode</source>
        <translation>长辈模式</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <source>Returning to the start in %1 s. Touch the screen to stay.</source>
        <translation>%1 秒后返回首页，触摸屏幕可继续操作</translation>
    </message>
    <message>
        <source>We cannot reach the queue system just now and keep trying by ourselves. The guide is still available; staff can help you.</source>
        <translation>暂时无法连接排队系统，正在自动重试。业务指南仍可查看，工作人员可为您服务。</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <source>Staff PIN</source>
        <translation>员工密码</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Wrong PIN</source>
        <translation>密码错误</translation>
    </message>
</context>
<context>
    <name>ServicesScreen</name>
    <message>
        <source>Choose a service</source>
        <translation>请选择业务</translation>
    </message>
    <message>
        <source>Loading the services…</source>
        <translation>正在加载业务…</translation>
    </message>
    <message>
        <source>No services to show just now. Please ask a member of staff.</source>
        <translation>暂时没有可办理的业务，请咨询工作人员。</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>More services</source>
        <translation>更多业务</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>第 %1 页，共 %2 页</translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <source>Your number is %1.</source>
        <translation>您的号码是 %1。</translation>
    </message>
    <message>
        <source>Taking your ticket…</source>
        <translation>正在为您取号…</translation>
    </message>
    <message>
        <source>This takes a moment.</source>
        <translation>请稍候。</translation>
    </message>
    <message>
        <source>No ticket was taken</source>
        <translation>未能取号</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Your number</source>
        <translation>您的号码</translation>
    </message>
    <message>
        <source>Please wait in: %1</source>
        <translation>请在 %1 等候</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Scan to follow your place</source>
        <translation>扫码查看排队进度</translation>
    </message>
    <message>
        <source>Please have ready</source>
        <translation>请准备</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>Wait: being estimated</source>
        <translation>等候时间估算中</translation>
    </message>
    <message>
        <source>About %1 min</source>
        <translation>约 %1 分钟</translation>
    </message>
    <message>
        <source>About %1-%2 min</source>
        <translation>约 %1-%2 分钟</translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation>%1 人等候</translation>
    </message>
    <message>
        <source>Your place in the line is being worked out</source>
        <translation>正在计算您的排队位置</translation>
    </message>
    <message>
        <source>You are next</source>
        <translation>下一位就是您</translation>
    </message>
    <message>
        <source>%1 people ahead of you</source>
        <translation>前面还有 %1 人</translation>
    </message>
    <message>
        <source>Closed for today</source>
        <translation>今日已停止办理</translation>
    </message>
    <message>
        <source>Not available now, opens at %1</source>
        <translation>暂停办理，%1 开始</translation>
    </message>
    <message>
        <source>Not available now</source>
        <translation>暂停办理</translation>
    </message>
    <message>
        <source>Not available now: the counter is back soon</source>
        <translation>暂停办理，窗口稍后恢复</translation>
    </message>
    <message>
        <source>Not available now: no counter is open for it</source>
        <translation>暂停办理，暂无窗口开放</translation>
    </message>
    <message>
        <source>Printing your ticket…</source>
        <translation>正在打印号票…</translation>
    </message>
    <message>
        <source>Please take your ticket</source>
        <translation>请取走您的号票</translation>
    </message>
    <message>
        <source>The printer is out of paper. Please scan the QR code on the screen to follow your place.</source>
        <translation>打印机缺纸，请扫描屏幕上的二维码查看排队进度。</translation>
    </message>
    <message>
        <source>The printer cover is open. Please scan the QR code on the screen to follow your place.</source>
        <translation>打印机盖未关好，请扫描屏幕上的二维码查看排队进度。</translation>
    </message>
    <message>
        <source>The printer is not working. Please scan the QR code on the screen to follow your place.</source>
        <translation>打印机暂时无法使用，请扫描屏幕上的二维码查看排队进度。</translation>
    </message>
    <message>
        <source>Our staff have been told. Your ticket is kept: remember its number.</source>
        <translation>已通知工作人员。您的号码已保留，请记住号码。</translation>
    </message>
    <message>
        <source>We cannot reach the queue system just now. Please try again in a moment, or ask a member of staff.</source>
        <translation>暂时无法连接排队系统，请稍后重试或咨询工作人员。</translation>
    </message>
    <message>
        <source>No ticket can be taken for this service now. Please ask a member of staff.</source>
        <translation>该业务现在无法取号，请咨询工作人员。</translation>
    </message>
    <message>
        <source>You are checked in</source>
        <translation>您已签到</translation>
    </message>
    <message>
        <source>Your ticket is below. Please wait to be called.</source>
        <translation>您的号票如下，请等候叫号。</translation>
    </message>
    <message>
        <source>You are checked in (a little late)</source>
        <translation>您已签到（稍有迟到）</translation>
    </message>
    <message>
        <source>You are in the line now. Please wait to be called.</source>
        <translation>您已进入排队，请等候叫号。</translation>
    </message>
    <message>
        <source>It is too early to check in</source>
        <translation>现在签到还太早</translation>
    </message>
    <message>
        <source>Check-in opens 2 hours before your appointment. Please come back then, or take a normal ticket now.</source>
        <translation>预约时间前 2 小时内可签到。请届时再来，或现在普通取号。</translation>
    </message>
    <message>
        <source>Your appointment time has passed</source>
        <translation>您的预约时间已过</translation>
    </message>
    <message>
        <source>Please take a normal ticket; a member of staff can help you.</source>
        <translation>请普通取号，工作人员可为您提供帮助。</translation>
    </message>
    <message>
        <source>No appointment found for today</source>
        <translation>未找到您今天的预约</translation>
    </message>
    <message>
        <source>Please check the code in your booking message, or take a normal ticket.</source>
        <translation>请核对预约短信中的预约码，或普通取号。</translation>
    </message>
    <message>
        <source>This appointment cannot be checked in again</source>
        <translation>该预约无法再次签到</translation>
    </message>
    <message>
        <source>Please ask a member of staff.</source>
        <translation>请咨询工作人员。</translation>
    </message>
    <message>
        <source>This code cannot be read as a booking code</source>
        <translation>无法识别该预约码</translation>
    </message>
    <message>
        <source>Please check the code and type it again, or ask a member of staff.</source>
        <translation>请核对后重新输入，或咨询工作人员。</translation>
    </message>
    <message>
        <source>We cannot reach the queue system just now</source>
        <translation>暂时无法连接排队系统</translation>
    </message>
    <message>
        <source>Please try again in a moment, or ask a member of staff.</source>
        <translation>请稍后重试或咨询工作人员。</translation>
    </message>
    <message>
        <source>Check-in did not work</source>
        <translation>签到未成功</translation>
    </message>
</context>
</TS>