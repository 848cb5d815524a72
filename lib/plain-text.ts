import type { z } from "zod";

// Names people give things (key labels and descriptions, systems, organizations, member names,
// permission descriptions) are shown in the console, the audit log, CSV exports and terminals.
// Unicode control (Cc: ESC, newline, NUL…) and format characters (Cf: zero-width spaces,
// right-to-left overrides…) in them can forge table rows, recolour a terminal or hide what a
// label really says, so every such field refuses them (README, "Security model", Inputs).

export const CONTROL_CHARACTERS_MESSAGE = "Remove control or invisible characters.";

const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}]/u;

/** True when the text holds no Unicode control (Cc) or format (Cf) character. */
export function isPlainText(value: string): boolean {
  return !CONTROL_OR_FORMAT.test(value);
}

/** The one refinement every free-text name field uses: a field error next to the field. */
export function plainText<S extends z.ZodString>(schema: S): S {
  return schema.refine(isPlainText, CONTROL_CHARACTERS_MESSAGE) as S;
}
