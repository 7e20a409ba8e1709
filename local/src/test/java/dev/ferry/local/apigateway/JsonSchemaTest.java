package dev.ferry.local.apigateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Request models checked as API Gateway checks them, worded as its validator words the violations. */
class JsonSchemaTest {

    private static final ObjectMapper BODIES = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final JsonSchema DEPOSIT = JsonSchema.parse("""
            {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object", "required": ["currency", "amount"],
             "additionalProperties": false,
             "properties": {
               "amount": {"type": "number", "minimum": 0, "exclusiveMinimum": true, "multipleOf": 0.01},
               "currency": {"type": "string", "enum": ["EUR", "USD"]},
               "note": {"type": "string", "maxLength": 5, "pattern": "^[a-z]+$"},
               "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 2, "uniqueItems": true}}}""");

    private static JsonNode json(String text) throws Exception {
        return BODIES.readTree(text);
    }

    @Test
    void aValidDepositHasNoViolations() throws Exception {
        assertThat(DEPOSIT.violations(json("{\"amount\": 12.50, \"currency\": \"EUR\", \"tags\": [\"a\", \"b\"]}"))).isEmpty();
    }

    @Test
    void anArrayIsNotAnObject() throws Exception {
        assertThat(DEPOSIT.violations(json("[1]")))
                .containsExactly("instance type (array) does not match any allowed primitive type (allowed: [\"object\"])");
    }

    @Test
    void missingPropertiesAreNamedInOneViolation() throws Exception {
        assertThat(DEPOSIT.violations(json("{}")))
                .containsExactly("object has missing required properties ([\"amount\",\"currency\"])");
    }

    @Test
    void eachPropertyIsCheckedAgainstItsOwnSchema() throws Exception {
        assertThat(DEPOSIT.violations(json("""
                {"amount": 0, "currency": "GBP", "note": "TOO LONG", "tags": ["a", "a", "b"], "extra": 1}""")))
                .containsExactlyInAnyOrder(
                        "numeric instance is not strictly greater than the required minimum (minimum: 0, found: 0)",
                        "instance value (\"GBP\") not found in enum (possible values: [\"EUR\",\"USD\"])",
                        "string \"TOO LONG\" is too long (length: 8, maximum allowed: 5)",
                        "ECMA 262 regex \"^[a-z]+$\" does not match input string \"TOO LONG\"",
                        "array is too long: must have at most 2 elements but instance has 3 elements",
                        "array must not contain duplicate elements",
                        "object instance has properties which are not allowed by the schema: [\"extra\"]");
    }

    @Test
    void aWholeNumberIsANumberAndCentsAreAMultipleOfOneCent() throws Exception {
        assertThat(DEPOSIT.violations(json("{\"amount\": 5, \"currency\": \"USD\"}"))).isEmpty();
        assertThat(DEPOSIT.violations(json("{\"amount\": 0.005, \"currency\": \"USD\"}")))
                .containsExactly("numeric instance is not a multiple of 0.01");
    }

    @Test
    void combinationsCountTheSchemasTheInstanceMatches() throws Exception {
        JsonSchema idOrName = JsonSchema.parse("""
                {"oneOf": [{"required": ["id"]}, {"required": ["name"]}], "not": {"required": ["both"]}}""");

        assertThat(idOrName.violations(json("{\"id\": 1}"))).isEmpty();
        assertThat(idOrName.violations(json("{\"id\": 1, \"name\": \"x\"}")))
                .containsExactly("instance failed to match exactly one schema (matched 2 out of 2)");
        assertThat(idOrName.violations(json("{\"id\": 1, \"both\": true}")))
                .containsExactly("instance matched a schema which it should not have");
    }

    @Test
    void aModelThatIsNotASchemaObjectIsRefusedWithWhatWasGiven() {
        assertThatThrownBy(() -> JsonSchema.parse("[\"object\"]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a JSON schema object");
        assertThatThrownBy(() -> JsonSchema.parse("{\"type\": ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
    }
}
