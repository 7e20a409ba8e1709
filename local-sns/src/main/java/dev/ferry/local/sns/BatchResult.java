package dev.ferry.local.sns;

import java.util.List;

/** PublishBatch's answer: what was published and what failed, each by entry ID. */
record BatchResult(List<Success> successful, List<Failure> failed) {
    record Success(String id, PublishResult result) {}

    record Failure(String id, String code, String message, boolean senderFault) {}
}
