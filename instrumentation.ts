export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Client addresses come from the connection (lib/http/client-address.ts), stamped before Next sees a request.
    const { stampPeerAddresses } = await import("@/lib/http/peer-address");
    stampPeerAddresses();
  }
}
