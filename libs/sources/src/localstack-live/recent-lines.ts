import { createHash } from 'node:crypto';

/**
 * The digests of the latest `capacity` distinct lines, oldest dropped first. A connector uses
 * it to skip entries that a stream sends again after a reconnect. Ingest would count them once
 * anyway because their event ids are stable, so this only saves requests.
 */
export class RecentLines {
  /** A Set keeps insertion order, so its first value is the oldest. */
  private readonly digests = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** Records a line and returns true, or returns false when the same line is still recorded. */
  add(line: string): boolean {
    const digest = createHash('sha256').update(line.trim()).digest('base64');
    if (this.digests.has(digest)) {
      return false;
    }

    this.digests.add(digest);
    if (this.digests.size > this.capacity) {
      this.digests.delete(this.digests.values().next().value!);
    }

    return true;
  }
}
