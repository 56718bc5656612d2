import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';

describe('HELDAR_DISCOVERY_INTERFACE', () => {
  it('is the OS\'s choice when unset, an IPv4 address when set, and refused otherwise with the variable named', () => {
    expect(loadConfig({ HELDAR_DATA_DIR: '/tmp/x' }).discoveryInterface).toBeNull();
    expect(loadConfig({ HELDAR_DATA_DIR: '/tmp/x', HELDAR_DISCOVERY_INTERFACE: '192.168.1.10' }).discoveryInterface).toBe('192.168.1.10');
    expect(() => loadConfig({ HELDAR_DATA_DIR: '/tmp/x', HELDAR_DISCOVERY_INTERFACE: 'eth0' })).toThrow(/HELDAR_DISCOVERY_INTERFACE.*must be an IPv4 address of a network interface, got "eth0"/);
  });
});
