import "server-only";
import { assertSignInAllowed, recordSignInFailure, recordSignInSuccess } from "@/lib/server/security/rate-limit";
import type { SignInThrottle } from "./sign-in";

/** The sign-in throttle backed by the shared rate limits (Redis, or memory without REDIS_URL). */
export function signInThrottle(): SignInThrottle {
  return {
    assertAllowed: (email, ip) => assertSignInAllowed({ email, ip }),
    recordFailure: (email, ip) => recordSignInFailure({ email, ip }),
    recordSuccess: (email, ip) => recordSignInSuccess({ email, ip }),
  };
}
