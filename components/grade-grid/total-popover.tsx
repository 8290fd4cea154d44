"use client";

// The non-modal "how is this total worked out" popover next to a row's Total button. Fixed positioning keeps it
// out of the grid's scroll box, which would otherwise clip it.
import { useEffect, useLayoutEffect, useRef } from "react";
import { focusRing, type RowOutcome } from "./grid-row";

const GAP = 4;
const MARGIN = 8;

export function TotalPopover({
  id,
  studentName,
  result,
  anchor,
  onClose,
}: {
  id: string;
  studentName: string;
  result: RowOutcome;
  anchor: HTMLButtonElement;
  /** `returnFocus` is false when the teacher clicked elsewhere: focus is already where they want it. */
  onClose: (returnFocus: boolean) => void;
}) {
  const dialog = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const place = () => {
      const element = dialog.current;
      if (!element) return;
      const button = anchor.getBoundingClientRect();
      const width = element.offsetWidth;
      const height = element.offsetHeight;
      const left = Math.min(Math.max(MARGIN, button.right - width), window.innerWidth - width - MARGIN);
      const below = button.bottom + GAP;
      const top = below + height > window.innerHeight - MARGIN && button.top - GAP - height > MARGIN ? button.top - GAP - height : below;
      element.style.left = `${Math.max(MARGIN, left)}px`;
      element.style.top = `${top}px`;
    };
    place();
    // Capture: the grid scrolls inside its own box, whose scroll events don't bubble to window.
    window.addEventListener("scroll", place, true);
    window.addEventListener("resize", place);
    return () => {
      window.removeEventListener("scroll", place, true);
      window.removeEventListener("resize", place);
    };
  }, [anchor]);

  useEffect(() => {
    dialog.current?.focus();
  }, [anchor]);

  useEffect(() => {
    const closeOnOutsidePress = (event: PointerEvent) => {
      const target = event.target;
      if (!(target instanceof Node) || dialog.current?.contains(target) || anchor.contains(target)) return;
      onClose(false);
    };
    document.addEventListener("pointerdown", closeOnOutsidePress);
    return () => document.removeEventListener("pointerdown", closeOnOutsidePress);
  }, [anchor, onClose]);

  const label = `How the total for ${studentName} is worked out`;
  return (
    <div
      ref={dialog}
      id={id}
      role="dialog"
      aria-label={label}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key !== "Escape") return;
        event.preventDefault();
        onClose(true);
      }}
      className={`fixed z-50 w-80 max-w-[calc(100vw-1rem)] rounded-lg border border-slate-300 bg-white p-4 text-sm shadow-lg ${focusRing}`}
    >
      <p className="font-semibold">{label}</p>
      {result.ok ? (
        <>
          <ul className="mt-2 space-y-1">
            {result.outcome.explanation.map((line) => (
              <li key={line.componentId} className="tabular-nums">
                {line.text}
              </li>
            ))}
          </ul>
          <p className="mt-3 border-t border-slate-200 pt-2 font-medium">{result.outcome.summary}</p>
        </>
      ) : (
        <p className="mt-2 text-red-800">{result.message}</p>
      )}
      <button
        type="button"
        onClick={() => onClose(true)}
        className={`mt-3 rounded border border-slate-300 bg-white px-3 py-1 font-medium hover:bg-slate-100 ${focusRing}`}
      >
        Close
      </button>
    </div>
  );
}
