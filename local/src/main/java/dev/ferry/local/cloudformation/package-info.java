/**
 * Reading a CDK cloud assembly ({@link dev.ferry.local.cloudformation.CloudAssembly}) and resolving the
 * CloudFormation intrinsic functions of its templates ({@link dev.ferry.local.cloudformation.Intrinsics}).
 * Nothing here talks to an endpoint: resource values come through
 * {@link dev.ferry.local.cloudformation.ResourceReferences}, so the resolver is testable on its own.
 */
package dev.ferry.local.cloudformation;
