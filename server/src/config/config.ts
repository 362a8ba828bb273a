import { z } from 'zod';

const DEV_SECRET_PREFIX = 'dev-only-';

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** HTTP port for the API and the H5 site. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  MONGODB_URI: z.string().startsWith('mongodb').default('mongodb://127.0.0.1:27017/'),
  /** Database name; tests give every file its own. */
  MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/).default('tongxin'),
  /** Emit the driver's command events (commandStarted/Succeeded/Failed) for benchmarks that count store commands. */
  MONGODB_MONITOR_COMMANDS: booleanFlag.default(false),
  REDIS_URL: z.string().startsWith('redis').default('redis://127.0.0.1:6379'),
  /** Prefix of every Redis key and BullMQ queue; tests give every file its own. */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_:-]{1,60}$/).default('tongxin'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** HMAC key of access tokens. */
  JWT_SECRET: z.string().min(32).default(`${DEV_SECRET_PREFIX}jwt-secret-change-me-0123456789`),
  /** Access token lifetime, seconds. */
  ACCESS_TOKEN_TTL: z.coerce.number().int().min(60).max(86_400).default(900),
  /** Refresh token lifetime, seconds. */
  REFRESH_TOKEN_TTL: z.coerce.number().int().min(3600).default(30 * 86_400),
  /** Key for hashing phone numbers and other lookup keys at rest (HMAC-SHA256). */
  PII_HASH_KEY: z.string().min(32).default(`${DEV_SECRET_PREFIX}pii-hash-key-change-me-01234567`),
  /** Volunteers cancelling later than this before a shift starts count a late cancellation, minutes. */
  ENROLLMENT_CANCEL_CUTOFF_MINUTES: z.coerce.number().int().min(0).max(10_080).default(120),
  /** Asked by the 24 h reminder, a volunteer who has not confirmed this many minutes before the start loses the place to the waitlist. */
  ENROLLMENT_CONFIRM_CUTOFF_MINUTES: z.coerce.number().int().min(60).max(1380).default(720),
  /**
   * AES-256-GCM key for personal data at rest (resident ID numbers, real names, volunteers' phones):
   * 32 bytes, base64 or base64url. Envelopes carry key version 1; rotation adds older keys beside it.
   */
  PII_ENCRYPTION_KEY: z.string()
    .regex(/^[A-Za-z0-9+/_-]{43}=?$/, 'must be 32 bytes in base64 (43 or 44 characters)')
    .default(`${DEV_SECRET_PREFIX}pii-encryption-key-change-me-00000`),
  /** HMAC key of the rotating check-in QR codes. */
  CHECKIN_CODE_SECRET: z.string().min(32).default(`${DEV_SECRET_PREFIX}checkin-code-secret-change-me-0`),
  /** How long one check-in QR code is shown before it rotates, seconds. */
  CHECKIN_CODE_WINDOW_SECONDS: z.coerce.number().int().min(10).max(300).default(30),
  /** Matching: directory of index snapshots (one file per database); empty disables snapshots. */
  MATCHING_SNAPSHOT_DIR: z.string().default('.data/matching'),
  /** Matching: a snapshot older than this is not loaded (the index is built from the store), seconds. */
  MATCHING_SNAPSHOT_MAX_AGE_S: z.coerce.number().int().min(0).default(86_400),
  /** Matching: snapshots are written only for at least this many volunteers (smaller builds are quick). */
  MATCHING_SNAPSHOT_MIN_VOLUNTEERS: z.coerce.number().int().min(0).default(10_000),
  /** Matching: a need's search radius when it does not say, km. */
  MATCHING_NEED_RADIUS_KM: z.coerce.number().min(0.5).max(50).default(10),
  /** Matching: weekly cap of served or booked hours; volunteers at the cap are not proposed. */
  MATCHING_WEEKLY_CAP_HOURS: z.coerce.number().min(1).max(80).default(12),
  /** Invitations: volunteers invited per wave. */
  INVITATION_WAVE_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Invitations: wait before checking the fill level and inviting the next wave, milliseconds. */
  INVITATION_WAVE_DELAY_MS: z.coerce.number().int().min(100).default(30 * 60_000),
  /** Check-in opens this many minutes before a shift starts. */
  CHECKIN_OPENS_MINUTES: z.coerce.number().int().min(0).max(240).default(30),
  /** A forgotten check-out is closed this many minutes after the shift ends. */
  CHECKOUT_GRACE_MINUTES: z.coerce.number().int().min(0).max(720).default(30),
  /** Check-in by location must be within this distance of the need, metres. */
  CHECKIN_RADIUS_METRES: z.coerce.number().int().min(50).max(5000).default(500),
  /** Offline check-ins and check-outs are accepted up to this many hours after the shift ends. */
  OFFLINE_CHECKIN_SUBMIT_HOURS: z.coerce.number().int().min(1).max(720).default(72),
  /** More distinct volunteers than this checking in from one device in a day are flagged for staff. */
  DEVICE_VOLUNTEERS_PER_DAY: z.coerce.number().int().min(1).max(100).default(3),
  /** Verified hours for one to five stars (national volunteer star rating), comma-separated. */
  STAR_THRESHOLDS_HOURS: z.string().regex(/^\d+(,\d+){4}$/).default('100,300,600,1000,1500'),
  /** Optional minimum months of service for one to five stars, comma-separated (e.g. "0,6,12,24,36"); empty: hours alone. */
  STAR_MIN_MONTHS: z.string().regex(/^(\d+(,\d+){4})?$/).default(''),
  /** Issuing organization printed on certificates of service record (志愿服务记录证明). */
  CERTIFICATE_ISSUER: z.string().min(2).max(60).default('成都市同心志愿服务平台'),
  /** A font with Chinese glyphs for certificates (`path` or `path#PostScriptName` for a .ttc); empty: look in Debian's font folders. */
  CERTIFICATE_FONT_PATH: z.string().default(''),
  /** Public base URL of this site, for links printed on documents (the certificate's QR code). */
  PUBLIC_BASE_URL: z.url().default('http://localhost:3000'),
  WECHAT_PROVIDER: z.enum(['sandbox', 'wechat']).default('sandbox'),
  WECHAT_APP_ID: z.string().default('wx-sandbox-app'),
  WECHAT_APP_SECRET: z.string().default(`${DEV_SECRET_PREFIX}wechat-secret`),
  /** Base URL of the WeChat API; configurable so the real client can be tested offline. */
  WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
  /** `sandbox` signs and drives WeChat Pay notifications itself; `wechat` takes real ones. */
  PAYMENT_PROVIDER: z.enum(['sandbox', 'wechat']).default('sandbox'),
  /** WeChat Pay merchant id (mchid); notifications for another merchant are refused. */
  WECHATPAY_MCH_ID: z.string().regex(/^\d{8,12}$/).default('1900000001'),
  /** WeChat Pay API v3 key (32 bytes): decrypts notification resources (AES-256-GCM). */
  WECHATPAY_API_V3_KEY: z.string().length(32).default(`${DEV_SECRET_PREFIX}apiv3-key-0123456789abc`),
  /** WeChat Pay platform public key (PEM) that signs notifications; `wechat` provider only. */
  WECHATPAY_PLATFORM_PUBLIC_KEY: z.string().default(''),
  /** Serial (or public-key id) of that key, matched against `Wechatpay-Serial`; `wechat` provider only. */
  WECHATPAY_PLATFORM_SERIAL: z.string().default(''),
  /** Base URL of the WeChat Pay API v3 (JSAPI prepay, refunds); configurable so the real client can be tested offline. */
  WECHATPAY_API_BASE: z.url().default('https://api.mch.weixin.qq.com'),
  /** The merchant API private key (apiclient_key.pem, `\n` allowed for newlines) that signs requests; `wechat` provider only. */
  WECHATPAY_MERCHANT_PRIVATE_KEY: z.string().default(''),
  /** Serial number of the merchant API certificate (`serial_no` in the Authorization header); `wechat` provider only. */
  WECHATPAY_MERCHANT_SERIAL: z.string().default(''),
  /** The public HTTPS address of `POST /api/v1/payments/wechat/notify`, sent with every prepay; `wechat` provider only. */
  WECHATPAY_NOTIFY_URL: z.string().default(''),
  /** Notifications whose timestamp is further than this from now are refused, seconds. */
  WECHATPAY_NOTIFY_WINDOW_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  /** First poll of a refund's result at the provider when no notification came, ms (WeChat Pay: not before a minute). Later polls back off ×2 up to 6 h. */
  REFUND_POLL_FIRST_DELAY_MS: z.coerce.number().int().min(100).default(300_000),
  /** Delayed polls per refund (then the hourly sweep keeps asking); the default covers about 4 days. */
  REFUND_POLL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(20),
  /** How often the tally reconciliation job runs, milliseconds. */
  TALLY_RECONCILE_EVERY_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Reconciliation leaves a campaign alone until its ledger has been quiet this long, milliseconds. */
  TALLY_RECONCILE_QUIET_MS: z.coerce.number().int().min(0).default(30_000),
  /** New donations one donor may start per minute. */
  DONATION_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(5),
  /** Most one donor may give per Asia/Shanghai day, fen (default 100,000 yuan). */
  DONATION_DAILY_LIMIT_FEN: z.coerce.number().int().min(100).default(10_000_000),
  /** Comma-separated words refused in donation messages (the default word-filter hook). */
  DONATION_BLOCKED_WORDS: z.string().default('').transform((v) => v.split(',').map((w) => w.trim()).filter((w) => w.length > 0)),
  SMS_PROVIDER: z.enum(['sandbox']).default('sandbox'),
  /** `sandbox` logs subscribe messages instead of sending them; `wechat` calls WECHAT_API_BASE. */
  WECHAT_SUBSCRIBE_PROVIDER: z.enum(['sandbox', 'wechat']).default('sandbox'),
  /** `kind=templateId,…`: which notification kinds go out as WeChat subscribe messages (fields thing1, thing2, time3). */
  WECHAT_SUBSCRIBE_TEMPLATES: z.string().default(''),
  /** `kind,…` whose templates are long-term subscriptions (no one-time opt-in counted). */
  WECHAT_LONG_TERM_KINDS: z.string().default(''),
  /** Mini-program page a subscribe message opens. */
  WECHAT_SUBSCRIBE_PAGE: z.string().default('pages/notifications/index'),
  /** Subscribe messages per minute across all workers (WeChat quota), BullMQ limiter. */
  WECHAT_SUBSCRIBE_PER_MINUTE: z.coerce.number().int().min(1).default(1000),
  /** Notification text messages per minute across all workers, BullMQ limiter. */
  SMS_NOTICES_PER_MINUTE: z.coerce.number().int().min(1).default(100),
  /** SMS code lifetime, seconds. */
  SMS_CODE_TTL: z.coerce.number().int().min(60).max(1800).default(300),
  /**
   * BullMQ job lock, milliseconds: a job whose worker died (SIGKILL, lost host) is found stalled and
   * returned to its queue within about twice this; a live worker renews its lock at half of it.
   */
  QUEUE_LOCK_MS: z.coerce.number().int().min(1000).max(300_000).default(30_000),
  /** A job still running after this long fails and is retried with backoff (a hung job must not hold a worker slot). */
  /**
   * Quiet hours of a user who never set their own, Asia/Shanghai `HH:MM-HH:MM`, or `off`. Tests run
   * with `off` so that a non-urgent notice arrives at once whatever the hour of the run.
   */
  DEFAULT_QUIET_HOURS: z.string().regex(/^(off|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)$/).default('22:00-08:00'),
  JOB_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(300_000),
  /** Run BullMQ workers inside the API process (the `npm start` default); production runs `npm run worker`. */
  WORKERS_IN_PROCESS: booleanFlag.default(true),
  /** Directory of the built H5 site to serve; empty disables. */
  H5_DIR: z.string().default(''),
  /** Request body limit in bytes. */
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10_485_760).default(102_400),
  /** Graceful shutdown deadline, milliseconds. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).default(8000),
  /**
   * How long a request waits for one Redis command before answering 503: a paused or partitioned
   * Redis keeps the socket open, and without a bound every request that enqueues would hang.
   */
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  /** Trust X-Forwarded-For from this many proxies (rate limits by client IP). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  /** A background statistics export can be downloaded this long after it is asked for, hours; then it is purged. */
  STATS_EXPORT_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  /** A need open this long with places still free on its upcoming shifts raises a gap alert for its community, hours. */
  GAP_UNFILLED_HOURS: z.coerce.number().int().min(1).max(720).default(48),
});

export type Config = Readonly<z.infer<typeof configSchema>>;

const SECRET_KEYS = ['JWT_SECRET', 'PII_HASH_KEY', 'WECHAT_APP_SECRET', 'CHECKIN_CODE_SECRET', 'PII_ENCRYPTION_KEY', 'WECHATPAY_API_V3_KEY'] as const;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment once at boot into a frozen config, failing fast with a readable list. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const config = parsed.data;
  const wechatPayKeys = ['WECHATPAY_PLATFORM_PUBLIC_KEY', 'WECHATPAY_PLATFORM_SERIAL', 'WECHATPAY_MERCHANT_PRIVATE_KEY', 'WECHATPAY_MERCHANT_SERIAL', 'WECHATPAY_NOTIFY_URL'] as const;
  const missingPayKeys = wechatPayKeys.filter((key) => !config[key]);
  if (config.PAYMENT_PROVIDER === 'wechat' && missingPayKeys.length > 0) {
    throw new ConfigError(`PAYMENT_PROVIDER=wechat needs ${missingPayKeys.join(', ')}`);
  }
  if (config.NODE_ENV === 'production') {
    const defaults = SECRET_KEYS.filter((key) => config[key].startsWith(DEV_SECRET_PREFIX));
    if (defaults.length > 0) {
      throw new ConfigError(`Refusing to start in production with development secrets: ${defaults.join(', ')}`);
    }
    if (config.WECHAT_PROVIDER === 'sandbox') throw new ConfigError('Refusing the sandbox WeChat provider in production');
    if (config.PAYMENT_PROVIDER === 'sandbox') throw new ConfigError('Refusing the sandbox payment provider in production');
  }
  return Object.freeze(config);
}
