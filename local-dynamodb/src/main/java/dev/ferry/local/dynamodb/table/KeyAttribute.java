package dev.ferry.local.dynamodb.table;

/** One key attribute of a table or index: its name and its scalar type (S, N or B). */
public record KeyAttribute(String name, String type) {}
