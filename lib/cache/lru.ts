// The in-process layer of the cache: serialized values, least recently used out first, bounded by
// count and by total characters so a burst of large values cannot grow the process without end.

type Entry = { value: string; expiresAt: number };

export class LruStore {
  // A Map iterates in insertion order: re-inserting on every hit keeps the least recently used first.
  private readonly entries = new Map<string, Entry>();
  private chars = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxChars: number,
  ) {}

  get(key: string, now: number): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= now) {
      this.chars -= entry.value.length;
      return undefined;
    }
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps the value unless it alone would take more than a tenth of the room. */
  set(key: string, value: string, expiresAt: number): void {
    this.delete(key);
    if (value.length > this.maxChars / 10) return;
    this.entries.set(key, { value, expiresAt });
    this.chars += value.length;
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.chars <= this.maxChars) break;
      this.entries.delete(oldest);
      this.chars -= entry.value.length;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.chars -= entry.value.length;
  }

  get size(): { entries: number; chars: number } {
    return { entries: this.entries.size, chars: this.chars };
  }
}
