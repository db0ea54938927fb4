import { describe, expect, it } from 'vitest';
import { extractCredential } from '../src/server';

const JWT = 'aaa.bbb.ccc';

describe('extractCredential', () => {
  it('reads a Bearer token, scheme case-insensitive', () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      expect(extractCredential(['Authorization', `${scheme} ${JWT}`])).toEqual({
        kind: 'token',
        token: JWT,
        source: 'authorization',
      });
    }
  });

  it('finds the header whatever its case in the raw list', () => {
    expect(extractCredential(['Host', 'x', 'AUTHORIZATION', `Bearer ${JWT}`])).toMatchObject({ token: JWT });
  });

  it('reports no credential when there is neither header nor cookie', () => {
    expect(extractCredential(['Host', 'localhost'])).toEqual({ kind: 'none' });
    expect(extractCredential(['Cookie', 'theme=dark; other=1'])).toEqual({ kind: 'none' });
  });

  it('refuses two Authorization headers, even identical ones', () => {
    const raw = ['authorization', `Bearer ${JWT}`, 'authorization', `Bearer ${JWT}`];
    expect(extractCredential(raw)).toMatchObject({ kind: 'invalid' });
  });

  it.each([
    ['empty', ''],
    ['scheme only', 'Bearer'],
    ['scheme and space', 'Bearer '],
    ['two tokens', `Bearer ${JWT} ${JWT}`],
    ['comma list', `Bearer ${JWT}, Bearer ${JWT}`],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['no scheme', JWT],
    ['illegal characters', 'Bearer a"b'],
  ])('refuses a malformed Authorization header (%s)', (_label, value) => {
    expect(extractCredential(['Authorization', value])).toMatchObject({ kind: 'invalid' });
  });

  it('reads the __session cookie when no Authorization header is present', () => {
    expect(extractCredential(['Cookie', `a=1; __session=${JWT}; b=2`])).toEqual({
      kind: 'token',
      token: JWT,
      source: 'cookie',
    });
    expect(extractCredential(['Cookie', `__session="${JWT}"`])).toMatchObject({ token: JWT });
  });

  it('ignores the cookie when a header is present', () => {
    const raw = ['Cookie', '__session=cookie.token.value', 'Authorization', `Bearer ${JWT}`];
    expect(extractCredential(raw)).toMatchObject({ token: JWT, source: 'authorization' });
  });

  it('joins cookies split over several headers, and refuses a duplicate __session', () => {
    expect(extractCredential(['cookie', 'a=1', 'cookie', `__session=${JWT}`])).toMatchObject({ token: JWT });
    expect(extractCredential(['cookie', `__session=${JWT}`, 'cookie', '__session=x.y.z'])).toMatchObject({
      kind: 'invalid',
    });
    expect(extractCredential(['cookie', `__session=${JWT}; __session=x.y.z`])).toMatchObject({
      kind: 'invalid',
    });
  });

  it('treats an empty __session cookie as no credential, and other cookie names as unrelated', () => {
    expect(extractCredential(['Cookie', '__session='])).toEqual({ kind: 'none' });
    expect(extractCredential(['Cookie', `__session_abc=${JWT}; x__session=1`])).toEqual({ kind: 'none' });
  });
});
