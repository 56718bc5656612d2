import { describe, expect, it } from 'vitest';
import { classifyOrigin } from './same-origin.js';

describe('classifyOrigin', () => {
  it.each([
    [{ origin: 'http://localhost:8080' }, 'localhost:8080', 'same'],
    [{ origin: 'http://LOCALHOST:8080' }, 'localhost:8080', 'same'],
    [{ origin: 'https://nvr.example' }, 'nvr.example', 'same'],
    [{ origin: 'https://nvr.example' }, 'nvr.example:443', 'same'],
    [{ origin: 'http://nvr.example' }, 'nvr.example:80', 'same'],
    [{ origin: 'http://[::1]:8080' }, '[::1]:8080', 'same'],
    [{ referer: 'http://localhost:8080/cameras?x=1' }, 'localhost:8080', 'same'],
    [{ origin: 'http://localhost:8081' }, 'localhost:8080', 'cross'],
    [{ origin: 'https://evil.example' }, 'nvr.example', 'cross'],
    [{ origin: 'https://nvr.example.evil.example' }, 'nvr.example', 'cross'],
    [{ origin: 'null' }, 'nvr.example', 'cross'],
    [{ origin: 'file:///x' }, 'nvr.example', 'cross'],
    // Origin wins over Referer when both are sent.
    [{ origin: 'https://evil.example', referer: 'https://nvr.example/' }, 'nvr.example', 'cross'],
    [{ origin: 'https://nvr.example' }, undefined, 'cross'],
    [{}, 'nvr.example', 'unknown'],
  ] as const)('%j to %s → %s', (headers, host, expected) => {
    expect(classifyOrigin(headers, host)).toBe(expected);
  });
});
