// The usage text of `keyplane help` (and of any command's --help).

export const HELP = `keyplane: manage Keyplane API keys from scripts and pipelines.

Usage: keyplane <command> [flags]            (add --json for machine-readable output)

Set-up
  login --url <url>                 check a management key (read from stdin or a hidden
                                    prompt) and save url + key to ~/.config/keyplane/config.json
  whoami                            the configured key and what it may manage
  admin bootstrap --email <e> --org <name> [--name <n>]
                                    first owner, organization and a keys:manage key, straight
                                    on the database (DATABASE_URL); password from stdin or prompt
  admin unlock <email>              lift the lock 100 wrong authenticator codes put on an
                                    account, straight on the database; audited
  admin backup FILE                 a consistent copy of the SQLite database while it runs
                                    (on PostgreSQL: says to use pg_dump, if it is installed)
  admin copy --to <postgresql://…>  the SQLite installation (DATABASE_URL) into an empty,
                                    migrated PostgreSQL database, in one transaction; run it
                                    as the tables' owner (README, "Moving from SQLite to PostgreSQL")

Keys
  keys list [--system <id> | --org] [--state active|disabled|revoked|expired|expiring]...
            [-q <text>] [--sort label|createdAt|expiresAt|lastUsedAt] [--asc|--desc]
            [--page <n>] [--per-page 10|25|50|100] [--external-id <id>]
  keys get <id>
  keys usage <id>                                             (verifications per day, 30 days)
  keys create --label <l> [--description <d>] [--expires 90d|12w|1y|2027-01-31]
              [--permission <p>]... [--cidr <range>]... [--system <id>] [--secondary]
              [--limit-system <id>]... [--ratelimit requests=100/60s[:named]]...
              [--credits <n> [--refill monthly:<amount>[:<day>]|daily:<amount>]]
              [--meta key=value]... [--external-id <id>]
  keys update <id> [--label] [--description] [--expires] [--permission]... [--cidr]...
              [--limit-system]... [--ratelimit]... [--credits [--refill]] [--meta]...
              [--external-id] [--expected-version <n>]
  keys top-up <id> --amount <n>                               (adds credits)
  keys roll <id> [--grace now|1h|24h|7d|48h|2027-01-31]      (default 24h)
  keys regenerate <id> --slot primary|secondary [--yes]
  keys disable <id> | keys enable <id>
  keys revoke <id> [--yes]
  keys delete <id> [--yes]                                    (revoked keys only)
  keys leaked FILE|- [--url <where>] [--source <what>]
                                    report the kp_ secrets found in a file (or stdin) as
                                    leaked: their keys are disabled or revoked (key policy)

Systems
  systems list
  systems create --name <n> [--description <d>]

Verification
  verify <key|-> [--permission <p>]... [--ip <addr>] [--system <id|slug>]
                                    "-" reads the key from stdin

Environment: KEYPLANE_URL and KEYPLANE_KEY override the saved login.
Exit codes: 0 ok, 1 refused or failed (the server's message is printed), 2 usage error,
            3 verify: the key is not valid.`;
