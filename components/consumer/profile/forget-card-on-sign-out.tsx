"use client";

import { useEffect } from "react";
import { forgetOfflineCard } from "@/components/consumer/card/offline-card";

/**
 * The sign-out form stays a plain post (it works without JavaScript); with JavaScript it also tells the
 * service worker to forget the card kept for offline use. Without, the worker forgets it on the next load.
 */
export function ForgetCardOnSignOut() {
  useEffect(() => {
    const onSubmit = (event: SubmitEvent) => {
      if (event.target instanceof HTMLFormElement && new URL(event.target.action).pathname === "/api/auth/signout") forgetOfflineCard();
    };
    document.addEventListener("submit", onSubmit);
    return () => document.removeEventListener("submit", onSubmit);
  }, []);
  return null;
}
