import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db";
import { parseDatabaseUrl, type PostgresDatabase } from "@/lib/db/url";
import { hashSecret } from "@/lib/keys/hash";
import { createVerifyCache, type VerifyCache } from "@/lib/verify/cache";
import { notifyKeyChange, publishKeyChange } from "@/lib/keys/events";
import { createKeyLoader } from "@/lib/verify/load";
import { startKeyChangeListener, type KeyChangeListener } from "@/lib/verify/notify";
import { testProvider, useTestDatabase } from "../support/db";
import { createOrgWithOwner } from "../support/fixtures";
import { createKeyRow } from "../support/keys";

// Cross-instance invalidation over PostgreSQL LISTEN/NOTIFY. Two "instances" are two cache
// objects, each with its own listening connection, as two processes would have.

const database = useTestDatabase();

interface Instance {
  cache: VerifyCache;
  listener: KeyChangeListener;
  resets: number;
}

describe.skipIf(testProvider() !== "postgresql")(
  "verify cache invalidation across instances (PostgreSQL)",
  () => {
    let organizationId: string;
    let a: Instance;
    let b: Instance;

    function instance(target: PostgresDatabase): Instance {
      const cache = createVerifyCache({ load: createKeyLoader(getDb), ttlMs: 60_000 });
      const self: Instance = {
        cache,
        resets: 0,
        listener: startKeyChangeListener({
          database: target,
          onKeyChanged: (keyId) => cache.invalidateKey(keyId),
          onReset: () => {
            self.resets++;
            cache.clear();
          },
          minBackoffMs: 20,
          maxBackoffMs: 200,
        }),
      };
      return self;
    }

    beforeAll(async () => {
      organizationId = (await createOrgWithOwner("Acme")).org.id;
      const target = parseDatabaseUrl(database.current().url);
      if (target.provider !== "postgresql") throw new Error("expected PostgreSQL");
      a = instance(target);
      b = instance(target);
      await Promise.all([a.listener.ready, b.listener.ready]);
    });

    afterAll(async () => {
      await a?.listener.close();
      await b?.listener.close();
    });

    it("drops a key on the other instance when one instance NOTIFYs its change", async () => {
      const { key, secret } = await createKeyRow({ organizationId });
      const hash = hashSecret(secret);
      expect((await a.cache.load(hash))?.state).toBe("active");
      expect((await b.cache.load(hash))?.state).toBe("active");

      await getDb().apiKey.update({ where: { id: key.id }, data: { state: "revoked" } });
      a.cache.invalidateKey(key.id);
      await notifyKeyChange(getDb(), key.id);

      await vi.waitFor(() => expect(b.cache.isKnown(hash)).toBe(false), { timeout: 2_000, interval: 20 });
      expect((await b.cache.load(hash))?.state).toBe("revoked");
    });

    it("publishKeyChange NOTIFYs on PostgreSQL", async () => {
      const { key, secret } = await createKeyRow({ organizationId });
      const hash = hashSecret(secret);
      await b.cache.load(hash);
      publishKeyChange(key.id);
      await vi.waitFor(() => expect(b.cache.isKnown(hash)).toBe(false), { timeout: 2_000, interval: 20 });
    });

    it("reconnects after losing its connection and drops the whole cache (notices may be lost)", async () => {
      const { secret } = await createKeyRow({ organizationId });
      const hash = hashSecret(secret);
      await b.cache.load(hash);
      const resets = b.resets;
      await getDb().$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE application_name = 'keyplane-verify-listener' AND datname = current_database()`;
      await vi.waitFor(() => expect(b.resets).toBeGreaterThan(resets), { timeout: 5_000, interval: 20 });
      expect(b.listener.isListening()).toBe(true);
      expect(b.cache.isKnown(hash)).toBe(false);

      // And it hears changes again.
      const { key: next, secret: nextSecret } = await createKeyRow({ organizationId });
      await b.cache.load(hashSecret(nextSecret));
      await notifyKeyChange(getDb(), next.id);
      await vi.waitFor(() => expect(b.cache.isKnown(hashSecret(nextSecret))).toBe(false), {
        timeout: 2_000,
        interval: 20,
      });
    });
  },
);
