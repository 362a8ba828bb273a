import { ConfigError, loadConfig } from '../../server/src/config/config';

describe('loadConfig', () => {
  it('when nothing is set, then development defaults apply and the result is frozen', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('when production runs with development secrets, then start-up is refused naming them', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET, PII_HASH_KEY, WECHAT_APP_SECRET/);
  });

  it('when values are invalid, then every problem is listed', () => {
    try {
      loadConfig({ PORT: 'eighty', REDIS_URL: 'http://x' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/PORT[\s\S]*REDIS_URL/);
    }
  });
});
