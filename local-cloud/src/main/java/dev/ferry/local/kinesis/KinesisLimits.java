package dev.ferry.local.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/**
 * PutRecord and PutRecords limits (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html):
 * 1 to 500 records; each record's data and partition key together within the stream's maximum record size, 1 MiB
 * unless raised up to 10 MiB with CreateStream's MaxRecordSizeInKiB or UpdateMaxRecordSize
 * (https://docs.aws.amazon.com/streams/latest/dev/large-records.html); the whole request, partition keys included,
 * within 10 MiB.
 */
final class KinesisLimits {
    static final int MAX_RECORDS = 500;
    static final int MAX_REQUEST_MIB = 10;
    static final long MAX_REQUEST_BYTES = MAX_REQUEST_MIB * 1024L * 1024L;
    static final int DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

    private KinesisLimits() {}

    /**
     * A record's size: its data blob's bytes (a byte string in CBOR, Base64 text in JSON) plus its partition key's
     * UTF-8 bytes.
     */
    static long recordSize(JsonNode record) {
        return dataLength(record.path("Data")) + record.path("PartitionKey").asText("").getBytes(StandardCharsets.UTF_8).length;
    }

    private static long dataLength(JsonNode data) {
        if (data.isBinary()) {
            try {
                return data.binaryValue().length;
            } catch (java.io.IOException unreadable) {
                return 0;
            }
        }
        String base64 = data.asText("");
        int padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
        return base64.length() / 4L * 3 - padding;
    }
}
