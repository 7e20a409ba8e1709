package dev.ferry.local.sns.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Message attributes seen by a policy. String attributes are text, Number attributes numbers, the
 * elements of a String.Array attribute each a candidate; Binary attributes are ignored, as SNS does.
 */
final class MessageAttributeSubject implements FilterSubject {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, FilterableAttribute> attributes;

    MessageAttributeSubject(Map<String, FilterableAttribute> attributes) {
        this.attributes = attributes;
    }

    @Override
    public List<Candidate> values(String key) {
        FilterableAttribute attribute = attributes.get(key);
        if (attribute == null) {
            return List.of();
        }
        String type = attribute.dataType();
        if (type.startsWith("Binary")) {
            return List.of();
        }
        if (type.startsWith("Number")) {
            try {
                return List.of(new Candidate.Num(new BigDecimal(attribute.stringValue().trim())));
            } catch (NumberFormatException e) {
                return List.of();
            }
        }
        if (type.equals("String.Array")) {
            try {
                JsonNode array = JSON.readTree(attribute.stringValue());
                List<Candidate> out = new ArrayList<>();
                if (array != null && array.isArray()) {
                    array.forEach(element -> BodySubject.scalar(element).ifPresent(out::add));
                }
                return out;
            } catch (Exception e) {
                return List.of();
            }
        }
        return List.of(new Candidate.Text(attribute.stringValue()));
    }

    @Override
    public FilterSubject child(String key) {
        return new MessageAttributeSubject(Map.of());
    }
}
