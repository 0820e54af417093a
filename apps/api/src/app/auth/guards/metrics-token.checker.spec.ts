import { AppConfig } from '../../../services/config/app-config';
import { MetricsTokenChecker } from './metrics-token.checker';

describe('MetricsTokenChecker', () => {
  const token = 'c2NyYXBlLXRva2VuLWZvci11bml0LXRlc3RzLTAwMQ';
  const checker = new MetricsTokenChecker(AppConfig.fromEnv({ METRICS_TOKEN: token }));

  it('recognises METRICS_TOKEN as a bearer token, whatever the scheme case', () => {
    expect(checker.presentedIn({ authorization: `Bearer ${token}` })).toBe(true);
    expect(checker.presentedIn({ authorization: `bearer ${token}` })).toBe(true);
  });

  it('refuses anything else: nothing, another scheme, a prefix, a longer token, a near miss', () => {
    for (const authorization of [
      undefined,
      '',
      `Basic ${token}`,
      `Bearer ${token.slice(0, -1)}`,
      `Bearer ${token}x`,
      `Bearer ${token.slice(0, -1)}Z`,
      token,
    ]) {
      expect(checker.presentedIn({ authorization })).toBe(false);
    }
  });

  it('lets no token in when METRICS_TOKEN is not set (ADMINs only)', () => {
    const unset = new MetricsTokenChecker(AppConfig.fromEnv({}));
    expect(unset.presentedIn({ authorization: 'Bearer ' })).toBe(false);
    expect(unset.presentedIn({ authorization: `Bearer ${token}` })).toBe(false);
  });
});
