import { describe, expect, it } from 'vitest';
import { checkPasswordRules, hashPassword, verifyPassword } from './password.js';
import { constantTimeEqual, formatApiKey, generatePassword, parseApiKey, randomId, randomToken } from './tokens.js';

describe('API key format', () => {
  it('round-trips hk_<id>_<secret>, also when the secret holds _ and -', () => {
    const id = randomId();
    for (let i = 0; i < 50; i++) {
      const secret = randomToken();
      expect(parseApiKey(formatApiKey(id, secret))).toEqual({ id, secret });
    }
    expect(parseApiKey(`hk_${id}_${'a_b-'.repeat(10)}abc`)).toEqual({ id, secret: `${'a_b-'.repeat(10)}abc` });
  });

  it.each(['', 'hk_', 'hk_xyz_abc', `Bearer hk_0123456789abcdef_${'a'.repeat(43)}`, `hk_0123456789abcdef_${'a'.repeat(42)}`, `hk_0123456789ABCDEF_${'a'.repeat(43)}`])(
    'rejects %j',
    (text) => {
      expect(parseApiKey(text)).toBeNull();
    },
  );
});

describe('secrets', () => {
  it('compares equal and unequal strings, including different lengths', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
  });

  it('generates readable passwords with no look-alike characters', () => {
    const passwords = new Set(Array.from({ length: 100 }, () => generatePassword()));
    expect(passwords.size).toBe(100);
    for (const p of passwords) expect(p).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{20}$/);
  });
});

describe('passwords', () => {
  it('hashes with argon2id (19 MiB, 2 passes) and verifies', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse batterY')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });

  it('enforces length in characters and refuses the user name', () => {
    expect(() => checkPasswordRules('elevenchars')).toThrow('the password must be at least 12 characters long');
    expect(() => checkPasswordRules('twelve chars')).not.toThrow();
    // 12 characters, 24 bytes: characters count.
    expect(() => checkPasswordRules('ääääääääääää')).not.toThrow();
    expect(() => checkPasswordRules('Administrator', 'administrator')).toThrow('the password must not be the user name');
    expect(() => checkPasswordRules('x'.repeat(1025))).toThrow('at most 1024');
  });
});
