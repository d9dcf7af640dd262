/** The wire contract lives with the province's adapter; the sandbox validates against the same module. */
export * from "../../adapters/national-portal/protocol.js";
