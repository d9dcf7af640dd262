import type { Config } from "../config.js";

export interface RunningSandbox {
  name: string;
  url: string;
  close(): Promise<void>;
}

/**
 * Local stand-ins for the national services (VNeID, mail, …), each its own HTTP server on its own port.
 * Business code reaches them only through the adapters' real protocols.
 */
export async function startSandboxes(_config: Config): Promise<RunningSandbox[]> {
  return [];
}
