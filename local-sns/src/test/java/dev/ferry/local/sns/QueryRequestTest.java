package dev.ferry.local.sns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The flattened Query-protocol structures, as the AWS SDK and CLI encode them. */
class QueryRequestTest {

    @Test
    void decodesPercentEncodingAndPlusAsSpace() {
        QueryRequest r = QueryRequest.parse("Action=Publish&Message=a%20b+c%2Bd%26e&Empty=");
        assertThat(r.required("Message")).isEqualTo("a b c+d&e");
        assertThat(r.optional("Empty")).contains("");
        assertThat(r.optional("Missing")).isEmpty();
        assertThatThrownBy(() -> r.required("TopicArn")).isInstanceOf(SnsException.class)
                .hasMessageContaining("TopicArn");
    }

    @Test
    void mapsComeFromEntriesInIndexOrder() {
        QueryRequest r = QueryRequest.parse("Attributes.entry.2.key=B&Attributes.entry.2.value=2"
                + "&Attributes.entry.1.key=A&Attributes.entry.1.value=1&Attributes.entry.10.key=C");
        assertThat(r.entries("Attributes")).containsExactly(Map.entry("A", "1"), Map.entry("B", "2"), Map.entry("C", ""));
    }

    @Test
    void messageAttributesOfEveryType() {
        QueryRequest r = QueryRequest.parse("MessageAttributes.entry.1.Name=s"
                + "&MessageAttributes.entry.1.Value.DataType=String&MessageAttributes.entry.1.Value.StringValue=x"
                + "&MessageAttributes.entry.2.Name=b&MessageAttributes.entry.2.Value.DataType=Binary"
                + "&MessageAttributes.entry.2.Value.BinaryValue=Ynl0ZXM%3D");
        Map<String, MessageAttribute> attributes = r.messageAttributes("MessageAttributes");
        assertThat(attributes.get("s").stringValue()).contains("x");
        assertThat(new String(attributes.get("b").binaryValue().orElseThrow())).isEqualTo("bytes");
        assertThat(attributes.get("b").envelopeValue()).isEqualTo("Ynl0ZXM=");
    }

    @Test
    void listsAndNestedStructures() {
        QueryRequest r = QueryRequest.parse("TagKeys.member.2=b&TagKeys.member.1=a"
                + "&PublishBatchRequestEntries.member.1.Id=one&PublishBatchRequestEntries.member.1.Message=m1"
                + "&PublishBatchRequestEntries.member.2.Id=two"
                + "&PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Name=t"
                + "&PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Value.DataType=String"
                + "&PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Value.StringValue=v");
        assertThat(r.members("TagKeys")).containsExactly("a", "b");
        List<QueryRequest> entries = r.groups("PublishBatchRequestEntries.member.");
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).required("Message")).isEqualTo("m1");
        assertThat(entries.get(1).messageAttributes("MessageAttributes").get("t").stringValue()).contains("v");
    }
}
