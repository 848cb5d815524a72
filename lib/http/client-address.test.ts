import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";
import {
  CLIENT_ADDRESS_HEADER,
  clientAddressFromHeaders,
  clientAddressOf,
  compileTrustedProxies,
  decideClientAddress,
  resolveClientAddress,
  trustedProxiesError,
} from "./client-address";

function request(peer: string | undefined, headers: Record<string, string> = {}): IncomingMessage {
  return { socket: { remoteAddress: peer }, headers: { ...headers } } as unknown as IncomingMessage;
}

const LOOPBACK = compileTrustedProxies("loopback");
const address = (peer: string | undefined, headers: Record<string, string> = {}, trust = LOOPBACK) =>
  resolveClientAddress(request(peer, headers), trust);

describe("resolveClientAddress", () => {
  it("is the socket peer when the peer is not a trusted proxy, whatever it forwards", () => {
    const headers = { "x-forwarded-for": "203.0.113.5", "x-real-ip": "203.0.113.5" };
    expect(address("198.51.100.7", headers)).toEqual({ address: "198.51.100.7", forwarded: undefined });
    expect(address("2001:db8::7", headers)).toEqual({ address: "2001:db8::7", forwarded: undefined });
  });

  it("reads IPv4-mapped IPv6 peers as IPv4, for the answer and for trust", () => {
    expect(address("::ffff:198.51.100.7").address).toBe("198.51.100.7");
    expect(address("::ffff:127.0.0.1", { "x-forwarded-for": "198.51.100.7" }).address).toBe("198.51.100.7");
    expect(address("127.0.0.1", { "x-forwarded-for": "::ffff:198.51.100.7" }).address).toBe("198.51.100.7");
  });

  it("walks X-Forwarded-For from the right past trusted hops (IPv4 and IPv6)", () => {
    const trust = compileTrustedProxies("loopback, 10.0.0.0/8, fd00::/8");
    const chain = { "x-forwarded-for": "192.0.2.1, 198.51.100.7, 10.0.0.2, fd00::3" };
    expect(address("127.0.0.1", chain, trust).address).toBe("198.51.100.7");
    expect(address("::1", { "x-forwarded-for": "2001:DB8:0::7, ::1" }).address).toBe("2001:db8::7");
    // Only the peer is trusted here: the first hop it names is the client, trusted range or not.
    expect(address("127.0.0.1", chain).address).toBe("fd00::3");
  });

  it("never reaches a spoofed leftmost entry past an untrusted hop", () => {
    // The client wrote "203.0.113.5, 127.0.0.1"; the proxy on loopback appended what it saw.
    const spoofed = { "x-forwarded-for": "203.0.113.5, 127.0.0.1, 198.51.100.7" };
    expect(address("127.0.0.1", spoofed).address).toBe("198.51.100.7");
  });

  it("stops at the hop that forwarded garbage, and never answers anything but an address", () => {
    for (const garbage of ["not-an-ip", "203.0.113.5:443", "<script>", "unknown", "1.2.3.4.5", "", " , ,"]) {
      expect(address("127.0.0.1", { "x-forwarded-for": garbage }).address).toBe("127.0.0.1");
    }
    expect(address("127.0.0.1", { "x-forwarded-for": "junk, 198.51.100.7" }).address).toBe("198.51.100.7");
    const trust = compileTrustedProxies("loopback, 10.0.0.0/8");
    expect(address("127.0.0.1", { "x-forwarded-for": "junk, 10.0.0.2" }, trust).address).toBe("10.0.0.2");
    expect(address("127.0.0.1", { "x-forwarded-for": "9".repeat(5000) }).address).toBe("127.0.0.1");
  });

  it("is 'unknown' without a peer (a socket already closed)", () => {
    expect(address(undefined, { "x-forwarded-for": "198.51.100.7" })).toEqual({
      address: "unknown",
      forwarded: undefined,
    });
  });

  it("takes a trusted proxy's X-Real-IP as the forwarded client, else X-Forwarded-For", () => {
    expect(address("127.0.0.1", { "x-real-ip": "203.0.113.5" })).toEqual({
      address: "127.0.0.1",
      forwarded: "203.0.113.5",
    });
    expect(address("127.0.0.1", { "x-real-ip": "203.0.113.5", "x-forwarded-for": "198.51.100.7" })).toEqual({
      address: "198.51.100.7",
      forwarded: "203.0.113.5",
    });
    expect(
      address("127.0.0.1", { "x-real-ip": "garbage", "x-forwarded-for": "198.51.100.7" }).forwarded,
    ).toBe("198.51.100.7");
    expect(address("127.0.0.1", { "x-real-ip": "garbage" }).forwarded).toBeUndefined();
    expect(address("127.0.0.1").forwarded).toBeUndefined();
  });
});

describe("compileTrustedProxies", () => {
  it("knows loopback, private, linklocal, uniquelocal, none, addresses and CIDRs", () => {
    const trust = (list: string, ip: string) => compileTrustedProxies(list)(ip, 0);
    expect(trust("loopback", "127.0.0.1")).toBe(true);
    expect(trust("loopback", "::1")).toBe(true);
    expect(trust("loopback", "10.0.0.1")).toBe(false);
    for (const ip of ["10.1.2.3", "172.16.0.1", "192.168.1.1", "fd12::1"])
      expect(trust("private", ip)).toBe(true);
    expect(trust("private", "8.8.8.8")).toBe(false);
    expect(trust("linklocal", "169.254.1.1")).toBe(true);
    expect(trust("none", "127.0.0.1")).toBe(false);
    expect(trust(" Loopback , 203.0.113.0/24 ", "203.0.113.9")).toBe(true);
    expect(trust("2001:db8::1", "2001:db8::1")).toBe(true);
    expect(trust("uniquelocal", "10.0.0.1")).toBe(true);
    expect(trust("loopback", "not an ip")).toBe(false);
  });

  it("refuses what is neither, naming the entry", () => {
    expect(trustedProxiesError("loopback, 10.0.0.0/8")).toBeNull();
    expect(trustedProxiesError("loopback, localhost")).toMatch(/localhost/);
    expect(trustedProxiesError("10.0.0.0/33")).toMatch(/10\.0\.0\.0\/33/);
  });
});

describe("decideClientAddress", () => {
  it("overwrites the header a client sent, for Next.js code to read", () => {
    const req = request("198.51.100.7", { [CLIENT_ADDRESS_HEADER]: "203.0.113.5" });
    decideClientAddress(req, LOOPBACK);
    expect(req.headers[CLIENT_ADDRESS_HEADER]).toBe("198.51.100.7");
    expect(clientAddressFromHeaders(new Headers({ [CLIENT_ADDRESS_HEADER]: "198.51.100.7" }))).toBe(
      "198.51.100.7",
    );
    expect(clientAddressFromHeaders(new Headers())).toBeNull();
  });

  it("is what the fast path reads; an undecided request trusts no forwarding header", () => {
    const headers = { "x-real-ip": "203.0.113.5", "x-forwarded-for": "203.0.113.5" };
    const decided = request("127.0.0.1", headers);
    decideClientAddress(decided, LOOPBACK);
    expect(clientAddressOf(decided)).toEqual({ address: "203.0.113.5", forwarded: "203.0.113.5" });
    expect(clientAddressOf(request("127.0.0.1", headers))).toEqual({
      address: "127.0.0.1",
      forwarded: undefined,
    });
  });
});

describe("the environment", () => {
  const base = {
    AUTH_SECRET: "x".repeat(32),
    KEYPLANE_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
  };

  it("trusts loopback by default and validates KEYPLANE_TRUSTED_PROXIES", () => {
    expect(parseEnv(base).KEYPLANE_TRUSTED_PROXIES).toBe("loopback");
    expect(parseEnv({ ...base, KEYPLANE_TRUSTED_PROXIES: "private" }).KEYPLANE_TRUSTED_PROXIES).toBe(
      "private",
    );
    expect(() => parseEnv({ ...base, KEYPLANE_TRUSTED_PROXIES: "everyone" })).toThrow(
      /KEYPLANE_TRUSTED_PROXIES/,
    );
  });

  it("refuses to start with the retired KEYPLANE_TRUST_PROXY, naming its replacement", () => {
    for (const value of ["true", "false"]) {
      let error: unknown;
      try {
        parseEnv({ ...base, KEYPLANE_TRUST_PROXY: value });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(EnvError);
      expect((error as EnvError).message).toMatch(/KEYPLANE_TRUST_PROXY .*KEYPLANE_TRUSTED_PROXIES/);
    }
  });
});
