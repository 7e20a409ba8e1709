package dev.ferry.local.sns;

/** One PublishBatch entry: its caller-chosen ID and the message. */
record BatchEntry(String id, PublishRequest request) {}
