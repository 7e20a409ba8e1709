package dev.ferry.local.dynamodb.stream;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * What a shard iterator encodes: a position in one shard of one stream, and when the iterator was issued (iterators
 * expire). The token is opaque to clients, URL-safe Base64 of the fields behind a service-specific prefix, so that a
 * token of another service or version is recognised as not one of ours. Used by DynamoDB Streams and Kinesis.
 */
public record ShardIteratorToken(String streamArn, String shardId, long position, long issuedMillis) {

    /** The token, for the service whose tokens start with {@code prefix} (e.g. {@code ferry-iterator-v1|}). */
    public String encode(String prefix) {
        String raw = prefix + streamArn + "|" + shardId + "|" + position + "|" + issuedMillis;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The fields of a token {@link #encode encoded} with {@code prefix}; empty when it is not such a token. */
    public static Optional<ShardIteratorToken> decode(String prefix, String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!raw.startsWith(prefix)) return Optional.empty();
            String[] parts = raw.substring(prefix.length()).split("\\|");
            if (parts.length != 4) return Optional.empty();
            return Optional.of(new ShardIteratorToken(parts[0], parts[1], Long.parseLong(parts[2]), Long.parseLong(parts[3])));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }
}
