import { Button } from "@/components/ui/button";

/** The settings cards' Discard and Save pair: both wait for a change, Discard also for the save. */
export function SaveButtons(props: {
  changed: boolean;
  pending: boolean;
  onDiscard: () => void;
  saveLabel?: string;
}) {
  return (
    <>
      <Button
        type="button"
        variant="ghost"
        disabled={!props.changed || props.pending}
        onClick={props.onDiscard}
      >
        Discard changes
      </Button>
      <Button type="submit" loading={props.pending} disabled={!props.changed}>
        {props.saveLabel ?? "Save"}
      </Button>
    </>
  );
}
