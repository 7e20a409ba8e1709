/**
 * Provisioning a synthesized CDK app onto AWS-compatible endpoints: {@link dev.ferry.local.provision.Provisioner}
 * creates the data-plane resources (tables, queues, topics, subscriptions, streams) through the AWS SDK and
 * collects what only a Lambda runtime can serve (functions, event source mappings, SNS Lambda subscriptions,
 * REST APIs) into a {@link dev.ferry.local.deployment.Deployment}. Going through the public APIs, rather than
 * into the emulators' internals, is what lets the same code target LocalStack or any other endpoint.
 * See docs/provisioning.md.
 */
package dev.ferry.local.provision;
