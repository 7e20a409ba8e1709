package dev.ferry.local.sns;

import java.util.List;
import java.util.Optional;

/** One page of a list call and the token of the next page, if there is one. */
record Page<T>(List<T> items, Optional<String> nextToken) {}
