package dev.ferry.local.provision;

import dev.ferry.local.deployment.Deployment;

/** The runtime's part of the assembly ({@link Deployment}) and what was done on the endpoints. */
public record ProvisionResult(Deployment deployment, ProvisionSummary summary) {}
