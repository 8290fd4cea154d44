// Process ids and the lock files that hold them: the embedded database's folder lock (lib/db/client.ts)
// and the build lock of `npm start` (scripts/start.ts).
import fs from "node:fs";

/** Whether a process id names a running process. */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Tries to take the lock file `lock` for this process (it holds our process id). A lock left by a
 * process that has died is taken over. Returns null once this process holds it, or the id of the
 * live process that does.
 */
export function takePidLock(lock: string): number | null {
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
      return null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    let holder: number;
    try {
      holder = Number(fs.readFileSync(lock, "utf8").trim()) || 0;
    } catch (error) {
      // Released between our attempt and the read: try again.
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw error;
    }
    if (holder !== process.pid && processAlive(holder)) return holder;
    fs.rmSync(lock, { force: true });
  }
}
