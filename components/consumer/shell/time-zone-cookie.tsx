"use client";

import { useEffect } from "react";
import { TIME_ZONE_COOKIE } from "@/lib/notifications/time-zone";

/** Tells the server the browser's time zone, so notifications group by the member's own days. */
export function TimeZoneCookie() {
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    // IANA names (Europe/Paris, America/Port-au-Prince) are cookie-safe as they are.
    if (!zone || document.cookie.split("; ").includes(`${TIME_ZONE_COOKIE}=${zone}`)) return;
    document.cookie = `${TIME_ZONE_COOKIE}=${zone}; path=/; max-age=${400 * 24 * 60 * 60}; samesite=lax`;
  }, []);
  return null;
}
