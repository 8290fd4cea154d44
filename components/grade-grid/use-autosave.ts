"use client";

// Debounced saving with at most one save in flight: a save asked for while another runs waits for it, then runs
// once with whatever is unsaved by then, so versions from the first response are used by the second.
import { useCallback, useEffect, useRef, useState } from "react";

export type Autosave = {
  /** Save `delayMs` after the last call. */
  schedule: () => void;
  /** Save now (or right after the save in flight). */
  flush: () => void;
  /** A save is running. */
  saving: boolean;
  /** A save is running or waiting for its delay: leaving the page now could lose it. */
  busy: boolean;
};

export function useAutosave(save: () => Promise<void>, { delayMs = 800, enabled = true }: { delayMs?: number; enabled?: boolean } = {}): Autosave {
  const saveRef = useRef(save);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef(false);
  const queued = useRef(false);
  const [running, setRunning] = useState(false);
  const [waiting, setWaiting] = useState(false);

  useEffect(() => {
    saveRef.current = save;
  }, [save]);

  const clearTimer = useCallback(() => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    setWaiting(false);
  }, []);

  const flush = useCallback(() => {
    clearTimer();
    if (inFlight.current) {
      queued.current = true;
      return;
    }
    inFlight.current = true;
    setRunning(true);
    const run = async () => {
      do {
        queued.current = false;
        try {
          await saveRef.current();
        } catch {
          // The save reports its own failures into the grid; a throw here must not wedge the queue.
        }
      } while (queued.current);
      inFlight.current = false;
      setRunning(false);
    };
    void run();
  }, [clearTimer]);

  const schedule = useCallback(() => {
    if (!enabled) return;
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = setTimeout(flush, delayMs);
    setWaiting(true);
  }, [delayMs, enabled, flush]);

  // Leaving the page inside a client-side navigation gives no beforeunload: send what is waiting rather than drop it.
  useEffect(
    () => () => {
      if (timer.current === null) return;
      clearTimeout(timer.current);
      timer.current = null;
      void saveRef.current();
    },
    [],
  );

  return { schedule, flush, saving: running, busy: running || waiting };
}
