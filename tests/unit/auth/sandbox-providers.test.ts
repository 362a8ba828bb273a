import { SandboxSmsProvider, SandboxWechatAuthProvider } from '../../../server/src/modules/auth';
import type { Logger } from '../../../server/src/platform/logger';

describe('SandboxWechatAuthProvider', () => {
  const provider = new SandboxWechatAuthProvider();

  it('when the same code is exchanged twice, then the same sandbox openid', async () => {
    const a = await provider.code2Session('dev-alice');
    const b = await provider.code2Session('dev-alice');
    expect(a.openid).toMatch(/^sandbox-[a-f0-9]{24}$/);
    expect(b.openid).toBe(a.openid);
  });

  it('when different codes are exchanged, then different openids', async () => {
    expect((await provider.code2Session('dev-alice')).openid).not.toBe((await provider.code2Session('dev-bob')).openid);
  });
});

describe('SandboxSmsProvider', () => {
  function recordingLogger(): { logger: Logger; lines: string[] } {
    const lines: string[] = [];
    const logger = { info: (fields: object, message: string) => lines.push(`${JSON.stringify(fields)} ${message}`) } as unknown as Logger;
    return { logger, lines };
  }

  it('when a code is sent, then it is logged visibly with the masked phone only, and kept for tests', async () => {
    const { logger, lines } = recordingLogger();
    const sms = new SandboxSmsProvider(logger);
    await sms.send('13812345678', 'login-code', { code: '042137', minutes: '5' });
    expect(sms.lastCodeFor('13812345678')).toBe('042137');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('138****5678');
    expect(lines[0]).toContain('042137');
    expect(lines[0]).toContain('SANDBOX');
    expect(lines[0]).not.toContain('13812345678');
  });

  it('when a phone gets a second code, then the last one is kept', async () => {
    const sms = new SandboxSmsProvider(recordingLogger().logger);
    await sms.send('13812345678', 'login-code', { code: '111111' });
    await sms.send('13812345678', 'login-code', { code: '222222' });
    expect(sms.lastCodeFor('13812345678')).toBe('222222');
    expect(sms.lastCodeFor('13900000000')).toBeUndefined();
  });
});
