import { UserRepository } from '@avrr/persistence';
import { Injectable } from '@nestjs/common';

/** How long a user's state (active, session version) is trusted before the guard reads it again. */
export const SESSION_STATE_TTL_MS = 2000;

/**
 * The guard's view of a user's sessions: active or not, and the session version tokens must carry. Read by primary
 * key and kept for two seconds, so a burst of requests costs one query; the API process that disables a user or
 * forces their sign-out drops its entry at once (`forget`), other API processes see it within the two seconds. While
 * PostgreSQL cannot be reached, the last state read is used however old it is.
 */
@Injectable()
export class SessionStateCache {
  private readonly entries = new Map<
    string,
    { at: number; state: { active: boolean; sessionVersion: number } | null }
  >();
  constructor(private readonly users: UserRepository) {}

  /**
   * `outageFallback`: what to assume when PostgreSQL is unreachable and this process never read the user (the
   * guard passes the token's own claims for reads only).
   */
  async get(
    userId: string,
    outageFallback?: { active: boolean; sessionVersion: number },
  ): Promise<{ active: boolean; sessionVersion: number } | null> {
    const now = Date.now();
    const hit = this.entries.get(userId);
    if (hit && now - hit.at < SESSION_STATE_TTL_MS) return hit.state;
    let state: { active: boolean; sessionVersion: number } | null;
    try {
      state = await this.users.sessionState(userId);
    } catch (err) {
      // PostgreSQL unreachable: the last state read stands (so operations keep seeing what the engine can still
      // tell them during an outage); a user never seen by this process gets the fallback for a read, else the
      // database error (a 503).
      if (hit) return hit.state;
      if (outageFallback) return outageFallback;
      throw err;
    }
    if (this.entries.size > 10_000) this.entries.clear(); // bounded: at most one entry per recently seen user
    this.entries.set(userId, { at: now, state });
    return state;
  }

  forget(userId: string): void {
    this.entries.delete(userId);
  }
}
