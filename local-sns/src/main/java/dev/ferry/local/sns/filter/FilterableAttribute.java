package dev.ferry.local.sns.filter;

/** A message attribute as a filter policy sees it: its data type and its string form (empty for Binary). */
public record FilterableAttribute(String dataType, String stringValue) {}
