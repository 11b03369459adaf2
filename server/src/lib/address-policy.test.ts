import { describe, expect, it } from 'vitest';
import { classifyAddress } from './address-policy.js';
import * as safeFetchModule from './safe-fetch.js';

describe('classifyAddress', () => {
  const cases: [string, string | undefined][] = [
    ['8.8.8.8', undefined],
    ['93.184.216.34', undefined],
    ['1.1.1.1', undefined],
    ['2606:4700:4700::1111', undefined],
    ['2001:4860:4860::8888', undefined],
    ['127.0.0.1', 'a loopback address'],
    ['127.255.255.254', 'a loopback address'],
    ['0.0.0.0', 'an unspecified address'],
    ['0.1.2.3', 'a "this network" address'],
    ['10.0.0.1', 'a private address'],
    ['172.16.0.1', 'a private address'],
    ['172.31.255.255', 'a private address'],
    ['172.32.0.1', undefined],
    ['192.168.1.1', 'a private address'],
    ['169.254.1.1', 'a link-local address'],
    ['169.254.169.254', 'a cloud metadata address'],
    ['169.254.170.2', 'a cloud metadata address'],
    ['100.64.0.1', 'a shared (CGNAT) address'],
    ['100.127.255.255', 'a shared (CGNAT) address'],
    ['100.128.0.1', undefined],
    ['224.0.0.1', 'a multicast address'],
    ['239.255.255.250', 'a multicast address'],
    ['255.255.255.255', 'the broadcast address'],
    ['240.0.0.1', 'a reserved address'],
    ['192.0.2.1', 'a documentation address'],
    ['198.18.0.1', 'a benchmarking address'],
    ['::1', 'a loopback address'],
    ['::', 'an unspecified address'],
    ['fc00::1', 'a private (unique local) address'],
    ['fd12:3456::1', 'a private (unique local) address'],
    ['fd00:ec2::254', 'a cloud metadata address'],
    ['fe80::1', 'a link-local address'],
    ['fe80::1%eth0', 'a link-local address'],
    ['ff02::1', 'a multicast address'],
    ['2001:db8::1', 'a documentation address'],
    ['::ffff:127.0.0.1', 'a loopback address'],
    ['::ffff:7f00:1', 'a loopback address'],
    ['::ffff:10.1.2.3', 'a private address'],
    ['::ffff:169.254.169.254', 'a cloud metadata address'],
    ['::ffff:8.8.8.8', undefined],
    ['::127.0.0.1', 'a loopback address'],
    ['64:ff9b::7f00:1', 'a loopback address'],
    ['64:ff9b::a9fe:a9fe', 'a cloud metadata address'],
    ['64:ff9b::808:808', undefined],
    ['64:ff9b:1::1', 'a local-use NAT64 address'],
    ['2002:7f00:1::', 'a loopback address'],
    ['2002:0808:0808::1', undefined],
    ['2001:0:1234::1', 'a Teredo address'],
    ['::2', 'a reserved address'],
    ['4000::1', 'a reserved address'],
    ['example.com', 'not an IP address'],
    ['1.2.3', 'not an IP address'],
    ['1.2.3.256', 'not an IP address'],
    ['1::2::3', 'not an IP address'],
  ];
  it.each(cases)('%s → %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it('is the one safe-fetch exports', () => {
    expect(safeFetchModule.classifyAddress).toBe(classifyAddress);
  });
});
