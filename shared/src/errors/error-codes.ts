/**
 * Stable error codes shared by the API (problem+json `code`) and socket acknowledgements.
 * Each carries the HTTP status and a Chinese title fit to show a user.
 */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, title: '提交的内容有误，请检查后重试' },
  MALFORMED_JSON: { status: 400, title: '请求格式不正确' },
  UNAUTHENTICATED: { status: 401, title: '请先登录' },
  TOKEN_EXPIRED: { status: 401, title: '登录已过期，请重新登录' },
  REFRESH_TOKEN_INVALID: { status: 401, title: '登录状态已失效，请重新登录' },
  SESSION_REVOKED: { status: 401, title: '账号已在别处退出或被停用，请重新登录' },
  SMS_CODE_INVALID: { status: 400, title: '验证码错误或已过期' },
  WECHAT_LOGIN_FAILED: { status: 502, title: '微信登录失败，请稍后重试' },
  WECHAT_CODE_INVALID: { status: 400, title: '微信登录凭证无效或已使用，请重新登录' },
  WECHAT_USER_BLOCKED: { status: 403, title: '该微信账号存在安全风险，暂时无法登录' },
  FORBIDDEN: { status: 403, title: '没有权限执行此操作' },
  NOT_FOUND: { status: 404, title: '找不到请求的内容' },
  ROUTE_NOT_FOUND: { status: 404, title: '请求的接口不存在' },
  CONFLICT: { status: 409, title: '操作冲突，请刷新后重试' },
  ALREADY_ENROLLED: { status: 409, title: '你已报名该班次' },
  SHIFT_FULL: { status: 409, title: '该班次名额已满' },
  MATCHING_WARMING_UP: { status: 503, title: '志愿者匹配服务正在启动，请稍后再试' },
  INVITATION_CLOSED: { status: 409, title: '该邀请已处理或已失效' },
  SHIFT_OVERLAP: { status: 409, title: '与你已报名的其他班次时间冲突' },
  SIGN_UP_BUSY: { status: 409, title: '你的另一项报名正在处理中，请稍后再试' },
  SHIFT_STARTED: { status: 409, title: '该班次已开始，无法报名' },
  CONFIRMATION_CLOSED: { status: 409, title: '确认时间已过，该报名已无法确认' },
  NEED_NOT_OPEN: { status: 409, title: '该需求当前不接受报名' },
  CHECK_IN_NOT_OPEN: { status: 409, title: '还没到签到时间，请在班次开始前不久再签到' },
  CHECK_IN_CLOSED: { status: 409, title: '签到时间已过' },
  CHECK_IN_CODE_INVALID: { status: 400, title: '签到码无效或已过期，请重新扫码' },
  CHECK_IN_TOO_FAR: { status: 400, title: '你距离服务地点太远，无法定位签到' },
  ALREADY_CHECKED_IN: { status: 409, title: '你已签到' },
  NOT_CHECKED_IN: { status: 409, title: '请先签到' },
  ALREADY_CHECKED_OUT: { status: 409, title: '你已签退' },
  ALREADY_VERIFIED: { status: 409, title: '该服务时长已核定' },
  OFFLINE_PROOF_INVALID: { status: 400, title: '离线签到凭证无效（签到码、时间或签名不符），请联系社区工作人员' },
  OFFLINE_SUBMIT_TOO_LATE: { status: 409, title: '离线签到记录提交太晚，请联系社区工作人员补录时长' },
  HOURS_EXCEED_SHIFT: { status: 400, title: '核定时长不能超过班次时长' },
  CERTIFICATE_PROFILE_REQUIRED: { status: 403, title: '请先完善志愿者实名信息（姓名和身份证号码）再申请服务记录证明' },
  CERTIFICATE_NO_HOURS: { status: 409, title: '所选期间没有已核定的志愿服务时长，无法出具证明' },
  CREDIT_CODE_TAKEN: { status: 409, title: '该统一社会信用代码已登记' },
  ORGANIZATION_NOT_QUALIFIED: { status: 409, title: '该组织不具备公开募捐资格或已被暂停' },
  CAMPAIGN_TRANSITION_INVALID: { status: 409, title: '募捐项目当前状态不允许此操作' },
  CAMPAIGN_NOT_COMPLIANT: { status: 409, title: '募捐项目不符合上线条件（公募资格或备案）' },
  CAMPAIGN_EXTENSION_INVALID: { status: 409, title: '进行中的项目只能提高目标金额或延长结束时间' },
  CAMPAIGN_NOT_LIVE: { status: 409, title: '该募捐项目当前不接受捐赠' },
  IDEMPOTENCY_KEY_REQUIRED: { status: 400, title: '缺少 Idempotency-Key 请求头' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: '该 Idempotency-Key 已用于另一笔不同的捐赠' },
  PAYMENT_NOTIFICATION_INVALID: { status: 401, title: '支付通知验证失败' },
  PAYMENT_PROVIDER_FAILED: { status: 502, title: '微信支付暂时无法处理，请稍后重试' },
  PAYMENT_OPENID_MISSING: { status: 409, title: '请在微信小程序中登录后再支付' },
  PAYMENT_MISMATCH: { status: 400, title: '支付通知与订单不符' },
  PAYMENT_SETTLING: { status: 503, title: '支付结果正在处理，请稍后重试' },
  DONATION_NOT_PENDING: { status: 409, title: '该捐赠已支付或已关闭' },
  TEAM_ALREADY_JOINED: { status: 409, title: '你已加入该项目的另一支队伍' },
  RECEIPT_NOT_AVAILABLE: { status: 409, title: '该捐赠尚未支付，暂无捐赠票据' },
  RECEIPT_ALREADY_REQUESTED: { status: 409, title: '所选捐赠已申请过捐赠票据' },
  RECEIPT_WINDOW_CLOSED: { status: 409, title: '已超过申请期限：捐赠票据须在捐赠后 3 个月内且同一年度内申请' },
  RECEIPT_NOTHING_RECEIVED: { status: 409, title: '该捐赠已全额退款，无法开具捐赠票据' },
  RECEIPT_ORGANIZATIONS_MIXED: { status: 400, title: '一张捐赠票据只能包含同一家机构的捐赠，请分开申请' },
  RECEIPT_ALREADY_ISSUED: { status: 409, title: '该申请已开具票据' },
  MATCHING_POOL_EXISTS: { status: 409, title: '该项目已设置配捐' },
  REFUND_NOT_ALLOWED: { status: 409, title: '该捐赠不能退款（未支付、已超过退款期限或金额超出可退金额）' },
  REFUND_IN_PROGRESS: { status: 409, title: '同一退款请求正在处理，请稍后重试' },
  REFUND_UNKNOWN: { status: 404, title: '没有这笔退款' },
  RECEIPT_ALREADY_DECLINED: { status: 409, title: '该申请已被退回' },
  DONATION_LIMIT_EXCEEDED: { status: 422, title: '超出今日捐赠限额' },
  VOLUNTEER_PROFILE_REQUIRED: { status: 403, title: '请先完善志愿者实名信息（姓名、身份证号码和手机号码）再报名' },
  AGE_RESTRICTED: { status: 403, title: '未满 18 周岁的志愿者不能报名此类服务' },
  SKILLS_MISSING: { status: 403, title: '你的技能不满足该需求的要求' },
  RESIDENT_ID_TAKEN: { status: 409, title: '该身份证号码已被其他志愿者使用' },
  MEAL_NOT_SERVED: { status: 409, title: '该助餐点当天不提供这一餐' },
  MEAL_MODE_UNAVAILABLE: { status: 409, title: '该助餐点不提供这种用餐方式' },
  MEAL_FULL: { status: 409, title: '这一餐的名额已订满' },
  MEAL_ALREADY_BOOKED: { status: 409, title: '这位老人已预订了这一餐' },
  BOOKING_CUTOFF_PASSED: { status: 409, title: '已过预订或取消的截止时间' },
  BOOKING_NOT_ACTIVE: { status: 409, title: '该预订已取消或已完成' },
  PICKUP_CODE_INVALID: { status: 400, title: '取餐码无效或已过期，请重新出示' },
  RATING_NOT_ALLOWED: { status: 409, title: '用餐后才能评价，且每份餐只能评价一次' },
  DELIVERY_TASK_TAKEN: { status: 409, title: '这个送餐任务已被其他志愿者接单' },
  DELIVERY_TASK_CLOSED: { status: 409, title: '这个送餐任务的送餐时段已过' },
  DELIVERY_TASK_ACCEPTED: { status: 409, title: '你已接下这个送餐任务，如需退出请联系助餐点' },
  RURAL_PROJECT_TRANSITION_INVALID: { status: 409, title: '乡村振兴项目当前状态不允许此操作' },
  RURAL_PROJECT_CLOSED: { status: 409, title: '该乡村振兴项目已完成或已暂停，不能再关联新的需求' },
  EXPORT_NEEDS_JOB: { status: 409, title: '该报表数据量较大，请提交导出任务，生成后再下载' },
  EXPORT_NOT_READY: { status: 409, title: '导出文件尚未生成，请稍后再试' },
  EXPORT_EXPIRED: { status: 410, title: '导出文件已过期，请重新导出' },
  PAYLOAD_TOO_LARGE: { status: 413, title: '提交的内容过大' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: '请以 JSON 格式提交' },
  RATE_LIMITED: { status: 429, title: '操作太频繁，请稍后再试' },
  INTERNAL: { status: 500, title: '服务器开小差了，请稍后再试' },
  SERVICE_UNAVAILABLE: { status: 503, title: '服务暂时不可用，请稍后再试' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** One invalid field: a dotted path and a Chinese message. */
export interface FieldError {
  path: string;
  message: string;
}

/** The RFC 9457 problem document every API error is answered with. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  errors?: FieldError[];
  requestId?: string;
}
