// Prisma's error classes differ between the two generated clients, so errors are recognised by code.
function prismaCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}

export function isUniqueViolation(error: unknown): boolean {
  return prismaCode(error) === "P2002";
}

export function isForeignKeyViolation(error: unknown): boolean {
  return prismaCode(error) === "P2003";
}

/** A write a unique index may refuse (a racing insert of the same name): the refusal becomes `conflict()`. */
export async function uniqueOr<T>(write: Promise<T>, conflict: () => Error): Promise<T> {
  try {
    return await write;
  } catch (error) {
    throw isUniqueViolation(error) ? conflict() : error;
  }
}

/**
 * Creates a row under a unique name: refused with `conflict()` when `existing` finds one, or when a
 * racing insert of the same name wins.
 */
export async function createUnique<T>(
  existing: Promise<unknown>,
  create: () => Promise<T>,
  conflict: () => Error,
): Promise<T> {
  if (await existing) throw conflict();
  return uniqueOr(create(), conflict);
}
