package dev.ferry.infra;

/** One function of the workflow as docs/architecture.md names it: its name, handler class and role. */
public record FunctionSpec(String name, String handler, FunctionRole role) {
}
