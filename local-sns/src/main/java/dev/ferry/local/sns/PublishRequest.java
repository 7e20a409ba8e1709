package dev.ferry.local.sns;

import java.util.Map;
import java.util.Optional;

/** One message to publish, as given by Publish or one PublishBatch entry. */
record PublishRequest(
        String message,
        Optional<String> subject,
        Optional<String> messageStructure,
        Map<String, MessageAttribute> attributes,
        Optional<String> messageGroupId,
        Optional<String> messageDeduplicationId) {}
