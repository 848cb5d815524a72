"use client";

import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { zodResolver } from "@hookform/resolvers/zod";
import {
  useForm,
  type DefaultValues,
  type FieldValues,
  type Path,
  type UseFormReturn,
} from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import type { ActionResult } from "@/lib/actions/result";

// One way to submit a form to a server action: the zod schema validates on the client, the
// action parses the same raw values again on the server (so each schema only ever reads what a
// form holds: text, checkbox lists, switches), and server field errors land next to their fields.
// Errors without a field become a toast. The transition makes the pending state and prevents
// a double submit.

export type Schema = z.ZodType<FieldValues, FieldValues>;
type Form<S extends Schema> = UseFormReturn<z.input<S>, unknown, z.input<S>>;

export type ActionFormOptions<S extends Schema, TData> = {
  schema: S;
  defaultValues: DefaultValues<z.input<S>>;
  action: (values: z.input<S>) => Promise<ActionResult<TData>>;
  onSuccess?: (data: TData, form: Form<S>) => void;
};

export function useActionForm<S extends Schema, TData>(options: ActionFormOptions<S, TData>) {
  const form: Form<S> = useForm<z.input<S>, unknown, z.input<S>>({
    resolver: zodResolver(options.schema, undefined, { raw: true }),
    defaultValues: options.defaultValues,
    mode: "onTouched",
  });
  const [pending, startTransition] = useTransition();

  const onSubmit = form.handleSubmit((values) => {
    if (pending) return;
    startTransition(async () => {
      const result = await options.action(values);
      if (result.ok) {
        options.onSuccess?.(result.data, form);
        return;
      }
      let placed = false;
      for (const [field, message] of Object.entries(result.fieldErrors ?? {})) {
        if (field in form.getValues()) {
          form.setError(field as Path<z.input<S>>, { type: "server", message }, { shouldFocus: !placed });
          placed = true;
        }
      }
      if (!placed || result.code !== "VALIDATION_FAILED") toast.error(result.message);
    });
  });

  return { form, onSubmit, pending };
}

/** useActionForm for the sign-in, set-up and set-password pages: on success, go where the server says. */
export function useRedirectingActionForm<S extends Schema>(
  options: Omit<ActionFormOptions<S, { redirectTo: string }>, "onSuccess">,
) {
  const router = useRouter();
  return useActionForm({
    ...options,
    onSuccess: (data) => {
      router.replace(data.redirectTo);
      router.refresh();
    },
  });
}
