package dev.ferry.outbox;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.util.List;
import java.util.Optional;

/**
 * What one relay run did: the events published everywhere, and the sequence number of the first stream
 * record not published everywhere (Lambda resumes there), with the errors that stopped it.
 */
public record RelayResult(List<String> publishedEventIds, Optional<String> resumeFromSequenceNumber, List<String> errors) {

    public StreamsEventResponse toResponse() {
        return new StreamsEventResponse(resumeFromSequenceNumber
                .map(seq -> List.of(new StreamsEventResponse.BatchItemFailure(seq)))
                .map(java.util.ArrayList::new).orElseGet(java.util.ArrayList::new));
    }
}
