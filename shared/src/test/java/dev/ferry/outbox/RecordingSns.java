package dev.ferry.outbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.PublishBatchResultEntry;
import software.amazon.awssdk.services.sns.model.ThrottledException;

/**
 * An SnsClient that records PublishBatch requests and fails the entries it is told to: by message content
 * (a substring, usually an event id) for a number of attempts, or the whole next request.
 */
final class RecordingSns implements SnsClient {

    final List<PublishBatchRequest> requests = new ArrayList<>();
    final List<PublishBatchRequestEntry> published = new ArrayList<>();
    final Map<String, Integer> failures = new HashMap<>();
    int throttleNextRequests;

    void failEntry(String contentMarker, int times) {
        failures.put(contentMarker, times);
    }

    @Override
    public PublishBatchResponse publishBatch(PublishBatchRequest request) {
        requests.add(request);
        if (throttleNextRequests > 0) {
            throttleNextRequests--;
            throw ThrottledException.builder().message("Rate exceeded").statusCode(400).build();
        }
        PublishBatchResponse.Builder response = PublishBatchResponse.builder();
        List<PublishBatchResultEntry> ok = new ArrayList<>();
        List<BatchResultErrorEntry> failed = new ArrayList<>();
        for (PublishBatchRequestEntry entry : request.publishBatchRequestEntries()) {
            String marker = failures.keySet().stream().filter(m -> entry.message().contains(m) && failures.get(m) > 0).findFirst().orElse(null);
            if (marker != null) {
                failures.merge(marker, -1, Integer::sum);
                failed.add(BatchResultErrorEntry.builder().id(entry.id()).code("InternalError").message("try again").senderFault(false).build());
            } else {
                published.add(entry);
                ok.add(PublishBatchResultEntry.builder().id(entry.id()).messageId("sns-" + published.size()).build());
            }
        }
        return response.successful(ok).failed(failed).build();
    }

    @Override
    public String serviceName() {
        return "sns";
    }

    @Override
    public void close() {
    }
}
