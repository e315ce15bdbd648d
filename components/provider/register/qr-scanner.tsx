"use client";

import { useEffect, useRef, useState } from "react";
import { Alert, Button, Spinner } from "@/components/ui";

type DetectedBarcode = { rawValue: string };
type BarcodeDetectorLike = { detect(source: CanvasImageSource): Promise<DetectedBarcode[]> };
type BarcodeDetectorCtor = {
  new (options?: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats?: () => Promise<string[]>;
};

/** The browser's native QR reader where it has one (Chrome on Android, Safari); jsQR on canvas frames elsewhere. */
async function nativeDetector(): Promise<BarcodeDetectorLike | null> {
  const Ctor: BarcodeDetectorCtor | undefined = (globalThis as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;
  if (typeof Ctor !== "function") return null;
  try {
    const formats = (await Ctor.getSupportedFormats?.()) ?? ["qr_code"];
    return formats.includes("qr_code") ? new Ctor({ formats: ["qr_code"] }) : null;
  } catch {
    return null;
  }
}

export function cameraErrorMessage(error: unknown): string {
  const name = error instanceof Error || (typeof DOMException !== "undefined" && error instanceof DOMException) ? error.name : "";
  if (name === "NotAllowedError" || name === "SecurityError") return "Camera access was refused. Allow the camera for this site in the browser's settings, or type the code printed under the QR.";
  if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") return "No camera was found on this device. Type the code printed under the QR instead.";
  if (name === "NotReadableError") return "The camera is in use by another app. Close it and try again, or type the code.";
  return "The camera could not be started. Type the code printed under the QR instead.";
}

const SCAN_EVERY_MS = 150;
/** Frames are scaled down to this width for jsQR: enough for a phone-screen QR and cheap on a till phone. */
const MAX_WIDTH = 640;

/**
 * Opens the rear camera and reads the first QR code it sees. The camera stops as soon as a code is read,
 * on cancel and when the component goes away.
 */
export function QrScanner({ onResult, onCancel }: { onResult: (text: string) => void; onCancel: () => void }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(true);
  const resultRef = useRef(onResult);
  useEffect(() => {
    resultRef.current = onResult;
  }, [onResult]);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const stop = () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      stream?.getTracks().forEach((t) => t.stop());
      stream = null;
    };

    (async () => {
      if (!navigator.mediaDevices?.getUserMedia) {
        setError("This browser cannot open the camera here (it needs a secure https connection). Type the code printed under the QR instead.");
        setStarting(false);
        return;
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false });
      } catch (e) {
        if (!stopped) {
          setError(cameraErrorMessage(e));
          setStarting(false);
        }
        return;
      }
      const video = videoRef.current;
      if (stopped || !video) return stop();
      video.srcObject = stream;
      await video.play().catch(() => undefined);
      setStarting(false);

      const detector = await nativeDetector();
      const jsQR = detector ? null : (await import("jsqr")).default;
      const canvas = document.createElement("canvas");
      const context = canvas.getContext("2d", { willReadFrequently: true });

      const scan = async () => {
        if (stopped) return;
        let text: string | null = null;
        if (video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth > 0) {
          if (detector) {
            const codes = await detector.detect(video).catch(() => []);
            text = codes[0]?.rawValue ?? null;
          } else if (jsQR && context) {
            const scale = Math.min(1, MAX_WIDTH / video.videoWidth);
            canvas.width = Math.round(video.videoWidth * scale);
            canvas.height = Math.round(video.videoHeight * scale);
            context.drawImage(video, 0, 0, canvas.width, canvas.height);
            const frame = context.getImageData(0, 0, canvas.width, canvas.height);
            text = jsQR(frame.data, frame.width, frame.height, { inversionAttempts: "attemptBoth" })?.data ?? null;
          }
        }
        if (stopped) return;
        if (text) {
          stop();
          resultRef.current(text);
          return;
        }
        timer = setTimeout(() => void scan(), SCAN_EVERY_MS);
      };
      void scan();
    })();

    return stop;
  }, []);

  return (
    <div className="space-y-4" data-testid="qr-scanner">
      {error ? (
        <Alert variant="warning" title="Camera unavailable">
          {error}
        </Alert>
      ) : (
        <div className="relative overflow-hidden rounded-xl bg-black">
          {/* Muted and inline so phones play the preview without going full screen. */}
          <video ref={videoRef} className="aspect-square w-full object-cover" muted playsInline aria-label="Camera preview" />
          <div className="pointer-events-none absolute inset-[15%] rounded-lg border-2 border-white/80" aria-hidden="true" />
          {starting ? (
            <div className="absolute inset-0 flex items-center justify-center text-white">
              <Spinner label="Starting the camera" />
            </div>
          ) : null}
        </div>
      )}
      <p className="text-sm text-muted-foreground">{error ? null : "Point the camera at the QR code on the member's card."}</p>
      <Button type="button" variant="outline" size="lg" className="w-full" onClick={onCancel}>
        {error ? "Type the code instead" : "Cancel"}
      </Button>
    </div>
  );
}
