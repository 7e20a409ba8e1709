package dev.ferry.outbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/** A KinesisClient that records PutRecords requests and throttles the entries it is told to. */
final class RecordingKinesis implements KinesisClient {

    final List<PutRecordsRequest> requests = new ArrayList<>();
    final List<PutRecordsRequestEntry> appended = new ArrayList<>();
    final Map<String, Integer> failures = new HashMap<>();

    void failEntry(String contentMarker, int times) {
        failures.put(contentMarker, times);
    }

    @Override
    public PutRecordsResponse putRecords(PutRecordsRequest request) {
        requests.add(request);
        List<PutRecordsResultEntry> results = new ArrayList<>();
        int failed = 0;
        for (PutRecordsRequestEntry entry : request.records()) {
            String data = entry.data().asUtf8String();
            String marker = failures.keySet().stream().filter(m -> data.contains(m) && failures.get(m) > 0).findFirst().orElse(null);
            if (marker != null) {
                failures.merge(marker, -1, Integer::sum);
                failed++;
                results.add(PutRecordsResultEntry.builder().errorCode("ProvisionedThroughputExceededException").errorMessage("slow down").build());
            } else {
                appended.add(entry);
                results.add(PutRecordsResultEntry.builder().shardId("shardId-000000000000").sequenceNumber(Integer.toString(appended.size())).build());
            }
        }
        return PutRecordsResponse.builder().records(results).failedRecordCount(failed).build();
    }

    @Override
    public String serviceName() {
        return "kinesis";
    }

    @Override
    public void close() {
    }
}
