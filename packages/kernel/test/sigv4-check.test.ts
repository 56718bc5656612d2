import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSignature, type SignedRequest } from './helpers/sigv4-proxy.js';

// The signature check the S3 backup test puts in front of its S3-compatible server must itself be
// right: here it verifies AWS's published "GET Object" example of Signature Version 4 (Amazon S3 API
// Reference, "Signature Calculations for the Authorization Header: Transferring Payload in a Single
// Chunk", example credentials) and refuses it with any part changed.
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const EMPTY = createHash('sha256').update('').digest('hex');
const AT = Date.parse('2013-05-24T00:00:00Z');

const example: SignedRequest = {
  method: 'GET',
  url: '/test.txt',
  headers: {
    host: 'examplebucket.s3.amazonaws.com',
    range: 'bytes=0-9',
    'x-amz-content-sha256': EMPTY,
    'x-amz-date': '20130524T000000Z',
    authorization:
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
  },
};
const secrets = new Map([[ACCESS_KEY, SECRET]]);

describe('the test suite’s SigV4 check', () => {
  it('verifies AWS’s published example', () => {
    expect(checkSignature(example, Buffer.alloc(0), secrets, AT)).toBeNull();
  });

  it('refuses it with another secret, another signed header value, another path or a body that is not the signed one', () => {
    expect(checkSignature(example, Buffer.alloc(0), new Map([[ACCESS_KEY, `${SECRET}x`]]), AT)?.code).toBe('SignatureDoesNotMatch');
    expect(checkSignature({ ...example, headers: { ...example.headers, range: 'bytes=0-10' } }, Buffer.alloc(0), secrets, AT)?.code).toBe('SignatureDoesNotMatch');
    expect(checkSignature({ ...example, url: '/test2.txt' }, Buffer.alloc(0), secrets, AT)?.code).toBe('SignatureDoesNotMatch');
    expect(checkSignature(example, Buffer.from('x'), secrets, AT)?.code).toBe('XAmzContentSHA256Mismatch');
    expect(checkSignature(example, Buffer.alloc(0), new Map(), AT)?.code).toBe('InvalidAccessKeyId');
    expect(checkSignature(example, Buffer.alloc(0), secrets, AT + 16 * 60_000)?.code).toBe('RequestTimeTooSkewed');
  });
});
