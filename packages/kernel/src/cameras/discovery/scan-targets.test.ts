import { describe, expect, it } from 'vitest';
import { BadRequest } from '../../errors.js';
import { parseScanTargets } from './scan-targets.js';

describe('parseScanTargets', () => {
  it('expands a block without its network and broadcast address, a range, a short range and a list', () => {
    expect(parseScanTargets('192.168.1.0/29')).toEqual(['192.168.1.1', '192.168.1.2', '192.168.1.3', '192.168.1.4', '192.168.1.5', '192.168.1.6']);
    expect(parseScanTargets('192.168.1.254-192.168.2.1')).toEqual(['192.168.1.254', '192.168.1.255', '192.168.2.0', '192.168.2.1']);
    expect(parseScanTargets('10.1.1.10-12')).toEqual(['10.1.1.10', '10.1.1.11', '10.1.1.12']);
    expect(parseScanTargets('10.0.0.9, 10.0.0.7 10.0.0.9;10.0.0.0/31')).toEqual(['10.0.0.9', '10.0.0.7', '10.0.0.0', '10.0.0.1']);
    expect(parseScanTargets('127.0.0.0/22')).toHaveLength(1022);
  });

  it.each([
    ['10.0.0.0/8', '10.0.0.0/8 covers 16777216 addresses; a scan covers at most 1024'],
    ['10.0.0.1-10.0.4.1', '10.0.0.1-10.0.4.1 covers 1025 addresses; a scan covers at most 1024'],
    ['10.0.0.0/22,10.0.9.0/30,10.0.9.9', 'targets cover 1029 addresses; a scan covers at most 1024'],
    ['camera.lan', '"camera.lan" is not an IPv4 address, range or CIDR block'],
    ['300.1.1.1', '"300.1.1.1" is not an IPv4 address, range or CIDR block'],
    ['10.0.0.5-10.0.0.1', '10.0.0.5-10.0.0.1: the range ends before it starts'],
    ['fd00::/120', 'fd00::/120: IPv6 blocks cannot be scanned (too many addresses); list IPv6 addresses one by one'],
    ['::1', '::1: IPv6 addresses are not scanned; give IPv4 addresses'],
    ['10.0.0.0/33', '"10.0.0.0/33" is not a CIDR block like 192.168.1.0/24'],
    [' , ', 'targets is empty: give a CIDR block, a range or addresses, e.g. 192.168.1.0/24'],
  ])('refuses %j', (input, message) => {
    expect(() => parseScanTargets(input)).toThrow(BadRequest);
    expect(() => parseScanTargets(input)).toThrow(message);
  });
});
