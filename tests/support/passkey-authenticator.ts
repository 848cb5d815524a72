import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { PASSKEY_PREFIX } from "@/lib/auth/passkey-answer";

// A software authenticator for integration tests: an EC P-256 key that signs
// authenticatorData || SHA-256(clientDataJSON) as a real authenticator does, so the server's
// WebAuthn check (lib/auth/webauthn.ts, @simplewebauthn/server) runs for real, unmocked.

type Rp = { rpID: string; origin: string };

const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64url");
const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();

/** Just enough CBOR for a COSE key and an attestation object (RFC 8949). */
type Cbor = number | string | Uint8Array | Map<number | string, Cbor>;
function cbor(value: Cbor): Buffer {
  const head = (major: number, n: number) => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 256) return Buffer.from([(major << 5) | 24, n]);
    const b = Buffer.alloc(3);
    b[0] = (major << 5) | 25;
    b.writeUInt16BE(n, 1);
    return b;
  };
  if (typeof value === "number") return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === "string")
    return Buffer.concat([head(3, Buffer.byteLength(value)), Buffer.from(value)]);
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), Buffer.from(value)]);
  const parts: Buffer[] = [head(5, value.size)];
  for (const [k, v] of value) parts.push(cbor(k), cbor(v));
  return Buffer.concat(parts);
}

/** Whether a DER ECDSA signature (SEQUENCE { INTEGER r, INTEGER s }) has r or s under 32 bytes. */
function hasShortComponent(der: Buffer): boolean {
  const rLength = der[3] ?? 0;
  const sLength = der[4 + rLength + 1] ?? 0;
  return rLength < 32 || sLength < 32;
}

function counterBytes(counter: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(counter);
  return b;
}

export class SoftAuthenticator {
  readonly credentialId = randomBytes(16);
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  /** The signature counter the next assertion carries (then incremented), unless given. */
  counter = 0;

  constructor(private readonly rp: Rp = { rpID: "localhost", origin: "http://localhost" }) {
    const pair = generateKeyPairSync("ec", { namedCurve: "P-256" });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  get id(): string {
    return b64url(this.credentialId);
  }

  private clientData(type: string, challenge: string): string {
    return JSON.stringify({ type, challenge, origin: this.rp.origin, crossOrigin: false });
  }

  /** The browser's answer to navigator.credentials.create() for `challenge`. */
  register(challenge: string) {
    const jwk = this.publicKey.export({ format: "jwk" });
    const coseKey = cbor(
      new Map<number, Cbor>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x ?? "", "base64url")],
        [-3, Buffer.from(jwk.y ?? "", "base64url")],
      ]),
    );
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const authData = Buffer.concat([
      sha256(this.rp.rpID),
      Buffer.from([0x45]), // user present, user verified, attested credential data
      counterBytes(this.counter),
      Buffer.alloc(16), // AAGUID
      idLength,
      this.credentialId,
      coseKey,
    ]);
    const attestationObject = cbor(
      new Map<string, Cbor>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authData],
      ]),
    );
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key" as const,
      response: {
        clientDataJSON: b64url(this.clientData("webauthn.create", challenge)),
        attestationObject: b64url(attestationObject),
        transports: ["internal" as const],
      },
      clientExtensionResults: {},
    };
  }

  /** A passkey answer (the step-up field's value) to `challenge`, signed with the next counter. */
  answer(challenge: string, options: { counter?: number; rp?: Rp; shortSignature?: boolean } = {}): string {
    const rp = options.rp ?? this.rp;
    const counter = options.counter ?? ++this.counter;
    const authenticatorData = Buffer.concat([sha256(rp.rpID), Buffer.from([0x05]), counterBytes(counter)]);
    const clientDataJSON = JSON.stringify({
      type: "webauthn.get",
      challenge,
      origin: rp.origin,
      crossOrigin: false,
    });
    const signed = Buffer.concat([authenticatorData, sha256(clientDataJSON)]);
    let signature = sign("sha256", signed, this.privateKey);
    // `shortSignature`: sign again until r or s is shorter than 32 bytes in its DER INTEGER, as
    // about one real ES256 assertion in 128 is.
    while (options.shortSignature && !hasShortComponent(signature)) {
      signature = sign("sha256", signed, this.privateKey);
    }
    return (
      PASSKEY_PREFIX +
      JSON.stringify({
        id: this.id,
        rawId: this.id,
        type: "public-key",
        response: {
          clientDataJSON: b64url(clientDataJSON),
          authenticatorData: b64url(authenticatorData),
          signature: b64url(signature),
        },
        clientExtensionResults: {},
      })
    );
  }
}
