/** @type {import('next').NextConfig} */
const nextConfig = {
  // Lets a second build (e.g. a developer's screenshot server) live beside the main one.
  distDir: process.env.KEYPLANE_DIST_DIR || ".next",
  reactStrictMode: true,
  poweredByHeader: false,
  allowedDevOrigins: ["127.0.0.1"],
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg"],
  typedRoutes: false,
  // `npm test` type-checks the whole project (tsc --noEmit) as its own step; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
