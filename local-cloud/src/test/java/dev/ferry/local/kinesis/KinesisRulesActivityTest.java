package dev.ferry.local.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.StreamActivity;
import dev.ferry.local.front.Verdict;
import dev.ferry.local.http.AwsCall;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The Kinesis front tells the stream's readers of every put kinesis-mock accepted, and of nothing else. */
class KinesisRulesActivityTest {
    final StreamActivity activity = new StreamActivity();
    final KinesisRules rules = new KinesisRules(activity);
    final String key = StreamActivity.kinesisStream("dev-event-log");

    static AwsCall call(String operation, String json) {
        return new AwsCall(operation, AwsCall.Protocol.JSON, "application/x-amz-json-1.1", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anAcceptedPutWakesTheStreamsReadersOnceAnswered() {
        Verdict verdict = rules.inspect(call("PutRecords", """
                {"StreamARN":"arn:aws:kinesis:us-east-1:000000000000:stream/dev-event-log",
                 "Records":[{"Data":"e30=","PartitionKey":"a"},{"Data":"e30=","PartitionKey":"b"}]}"""));

        assertThat(verdict).isInstanceOf(Verdict.Forward.class);
        assertThat(activity.version(key)).isZero();
        ((Verdict.Forward) verdict).observer().succeeded();
        assertThat(activity.version(key)).isEqualTo(1);

        ((Verdict.Forward) rules.inspect(call("PutRecord", "{\"StreamName\":\"dev-event-log\",\"Data\":\"e30=\",\"PartitionKey\":\"a\"}")))
                .observer().succeeded();
        assertThat(activity.version(key)).isEqualTo(2);
    }

    @Test
    void refusedPutsAndReadsWakeNobody() {
        Verdict refused = rules.inspect(call("PutRecords", "{\"StreamName\":\"dev-event-log\",\"Records\":[]}"));
        Verdict read = rules.inspect(call("GetRecords", "{\"ShardIterator\":\"x\"}"));

        assertThat(refused).isInstanceOf(Verdict.Refuse.class);
        assertThat(read).isInstanceOf(Verdict.Forward.class);
        ((Verdict.Forward) read).observer().succeeded();
        assertThat(activity.version(key)).isZero();
    }
}
