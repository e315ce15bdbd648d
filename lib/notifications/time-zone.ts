/** The browser's IANA time zone, written by the wallet (components/consumer/shell/time-zone-cookie.tsx). */
export const TIME_ZONE_COOKIE = "bmr_tz";
