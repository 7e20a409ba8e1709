package dev.ferry.local.eventsource.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A mapping's filters: an event is passed to the function when any pattern matches (none = every event). */
public record FilterCriteria(List<FilterPattern> patterns) {

    public FilterCriteria {
        patterns = List.copyOf(patterns);
    }

    public static FilterCriteria parse(List<String> patterns) {
        return new FilterCriteria(patterns.stream().map(FilterPattern::parse).toList());
    }

    public boolean matches(JsonNode event) {
        if (patterns.isEmpty()) {
            return true;
        }
        for (FilterPattern p : patterns) {
            if (p.matches(event)) {
                return true;
            }
        }
        return false;
    }
}
