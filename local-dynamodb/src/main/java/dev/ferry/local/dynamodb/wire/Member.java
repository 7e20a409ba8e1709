package dev.ferry.local.dynamodb.wire;

/** A member of a structure: its wire name, its shape and the constraints AWS checks on it. */
public record Member(String name, Shape shape, Constraints constraints) {}
