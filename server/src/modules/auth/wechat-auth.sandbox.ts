import { createHash, randomBytes } from 'node:crypto';
import type { WechatAuthProvider, WechatSession } from './wechat-auth.provider';

/**
 * DEVELOPMENT AND TEST ONLY (config refuses it in production): calls nothing and turns any code
 * into a stable openid, so the H5 build and tests can sign in without WeChat. The same code is
 * always the same user, which real WeChat codes (single-use) never allow.
 */
export class SandboxWechatAuthProvider implements WechatAuthProvider {
  async code2Session(code: string): Promise<WechatSession> {
    const digest = createHash('sha256').update(code).digest('hex');
    return { openid: `sandbox-${digest.slice(0, 24)}`, sessionKey: randomBytes(16).toString('base64') };
  }
}
