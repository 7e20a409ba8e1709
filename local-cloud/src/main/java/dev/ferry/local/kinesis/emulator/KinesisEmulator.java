package dev.ferry.local.kinesis.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.cost.BillingUnits;
import dev.ferry.local.cost.Meter;
import dev.ferry.local.cost.RequestLedger;
import dev.ferry.local.dynamodb.stream.SequenceNumbers;
import dev.ferry.local.dynamodb.stream.ShardIteratorToken;
import dev.ferry.local.http.AwsCall.Protocol;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Ferry's in-process Kinesis Data Streams: streams of shards over the 128-bit hash key space, records routed by the MD5
 * of their partition key (or an explicit hash key), sequence numbers growing per shard, shard iterators of every type
 * that expire after 5 minutes, GetRecords with its limits and MillisBehindLatest, retention, tags. One account and
 * region per instance. Operations take the request as a JSON tree (decoded from JSON or CBOR) and answer one; errors are
 * {@link KinesisApiException}s with AWS's codes.
 *
 * <p>Not served: resharding (SplitShard, MergeShards, UpdateShardCount), enhanced fan-out consumers and
 * SubscribeToShard, encryption, enhanced monitoring, resource policies (see docs/local-cloud.md, Kinesis).
 */
public final class KinesisEmulator {
    /** Operations served, by their X-Amz-Target name. */
    public static final List<String> OPERATIONS = List.of("CreateStream", "DeleteStream", "DescribeStream",
            "DescribeStreamSummary", "ListStreams", "ListShards", "PutRecord", "PutRecords", "GetShardIterator", "GetRecords",
            "AddTagsToStream", "RemoveTagsFromStream", "ListTagsForStream", "TagResource", "UntagResource",
            "ListTagsForResource", "IncreaseStreamRetentionPeriod", "DecreaseStreamRetentionPeriod", "UpdateMaxRecordSize",
            "DescribeLimits");

    /** AWS: "A shard iterator expires 5 minutes after it is returned to the requester" (API_GetShardIterator). */
    static final Duration ITERATOR_LIFETIME = Duration.ofMinutes(5);
    /** API_GetRecords: up to 10,000 records and 10 MiB per call. */
    static final int MAX_GET_RECORDS = 10_000;
    static final long MAX_GET_BYTES = 10L * 1024 * 1024;
    /** Open shards per account: AWS's default quota in us-east-1 and a few other regions (kinesis service quotas). */
    static final int SHARD_LIMIT = 500;
    /** ON_DEMAND streams start with 4 shards (API_StreamModeDetails; AWS's answer in localstack's recordings). */
    static final int DEFAULT_SHARDS = 4;
    static final int MIN_RETENTION_HOURS = 24;
    static final int MAX_RETENTION_HOURS = 8760;

    private static final String ITERATOR_PREFIX = "ferry-kinesis-v1|";
    private static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]+");
    private static final BigInteger MAX_HASH_KEY = KinesisStream.HASH_SPACE.subtract(BigInteger.ONE);
    private static final DateTimeFormatter JAVA_DATE =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss 'UTC' yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides MD5", e);
        }
    });
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String region;
    private final String accountId;
    private final Duration transition;
    private final Clock clock;
    private final AtomicLong sequences = new AtomicLong();
    private final Map<String, KinesisStream> streams = new ConcurrentHashMap<>();
    private volatile RequestLedger ledger = RequestLedger.discarding();

    /**
     * @param transition how long a stream stays CREATING after CreateStream and DELETING after DeleteStream
     */
    public KinesisEmulator(String region, String accountId, Duration transition, Clock clock) {
        this.region = region;
        this.accountId = accountId;
        this.transition = transition;
        this.clock = clock;
    }

    /**
     * Counts PUT payload units of every record put from now on in {@code ledger}, and shard-hours of the provisioned
     * streams' shards for as long as it counts.
     */
    public void meterInto(RequestLedger ledger) {
        this.ledger = ledger;
        ledger.streamShards("provisioned shards", this::provisionedShards);
    }

    private int provisionedShards() {
        Instant now = clock.instant();
        return streams.values().stream()
                .filter(s -> s.mode().equals("PROVISIONED") && !s.status(now).equals("DELETING"))
                .mapToInt(s -> s.shards().size()).sum();
    }

    public String region() { return region; }
    public String accountId() { return accountId; }

    public String streamArn(String name) {
        return "arn:aws:kinesis:" + region + ":" + accountId + ":stream/" + name;
    }

    /**
     * Runs one operation.
     *
     * @param operation the name after the dot of {@code X-Amz-Target: Kinesis_20131202.NAME}
     * @param request   the request body as a tree (a CBOR byte string is a binary node, JSON's Base64 a text node)
     * @param protocol  how the answer will be encoded: timestamps are epoch milliseconds in CBOR, seconds in JSON
     * @throws KinesisApiException with AWS's code and message
     */
    public ObjectNode handle(String operation, JsonNode request, Protocol protocol) {
        Wire wire = new Wire(protocol);
        return switch (operation) {
            case "CreateStream" -> createStream(request);
            case "DeleteStream" -> deleteStream(request);
            case "DescribeStream" -> describeStream(request, wire);
            case "DescribeStreamSummary" -> describeStreamSummary(request, wire);
            case "ListStreams" -> listStreams(request, wire);
            case "ListShards" -> listShards(request);
            case "PutRecord" -> putRecord(request);
            case "PutRecords" -> putRecords(request);
            case "GetShardIterator" -> getShardIterator(request, wire);
            case "GetRecords" -> getRecords(request, wire);
            case "AddTagsToStream" -> addTags(request, stream(request));
            case "TagResource" -> addTags(request, streamByArn(Requests.text(request, "ResourceARN", "resourceARN")));
            case "RemoveTagsFromStream" -> removeTags(request, stream(request), "TagKeys", "tagKeys");
            case "UntagResource" -> removeTags(request, streamByArn(Requests.text(request, "ResourceARN", "resourceARN")),
                    "TagKeys", "tagKeys");
            case "ListTagsForStream" -> listTagsForStream(request);
            case "ListTagsForResource" -> listTagsForResource(request);
            case "IncreaseStreamRetentionPeriod" -> changeRetention(request, true);
            case "DecreaseStreamRetentionPeriod" -> changeRetention(request, false);
            case "UpdateMaxRecordSize" -> updateMaxRecordSize(request);
            case "DescribeLimits" -> describeLimits();
            default -> throw new KinesisApiException("UnknownOperationException", operation.isEmpty()
                    ? "No operation named: the request needs X-Amz-Target: Kinesis_20131202.<Operation>"
                    : "Kinesis operation " + operation + " is not served by Ferry's Kinesis emulator (it serves "
                    + String.join(", ", OPERATIONS) + "); kinesis-mock serves more: set ferry.kinesis.engine=kinesis-mock");
        };
    }

    // ---- streams ----

    private ObjectNode createStream(JsonNode req) {
        String name = streamName(Requests.text(req, "StreamName", "streamName"));
        String mode = req.path("StreamModeDetails").path("StreamMode").asText("PROVISIONED");
        if (!mode.equals("PROVISIONED") && !mode.equals("ON_DEMAND")) {
            throw KinesisApiException.validation(mode, "streamModeDetails.streamMode",
                    "satisfy enum value set: [PROVISIONED, ON_DEMAND]");
        }
        JsonNode countNode = req.get("ShardCount");
        int shards = DEFAULT_SHARDS;
        if (countNode != null && !countNode.isNull()) {
            if (mode.equals("ON_DEMAND")) {
                throw KinesisApiException.invalidArgument("ShardCount must not be specified for a stream in ON_DEMAND mode");
            }
            shards = countNode.asInt();
            if (shards < 1) {
                throw KinesisApiException.validation(shards, "shardCount", "have value greater than or equal to 1");
            }
        }
        Instant now = clock.instant();
        sweep();
        synchronized (streams) {
            KinesisStream existing = live(name, now);
            if (existing != null) {
                throw KinesisApiException.resourceInUse("Stream " + name + " under account " + accountId + " already exists.");
            }
            int open = streams.values().stream().mapToInt(s -> s.shards().size()).sum();
            if (open + shards > SHARD_LIMIT) {
                throw new KinesisApiException("LimitExceededException", "This request would exceed the shard limit for the"
                        + " account " + accountId + " in " + region + ". Current shard count for the account: " + open
                        + ". Limit: " + SHARD_LIMIT + ". Number of additional shards that would have resulted from this"
                        + " request: " + shards + ".");
            }
            KinesisStream stream = new KinesisStream(name, streamArn(name), mode, shards, now, transition, sequences);
            stream.tag(tagMap(req.path("Tags")));
            JsonNode kib = req.get("MaxRecordSizeInKiB");
            if (kib != null && kib.canConvertToInt()) stream.maxRecordSizeKiB(kib.intValue());
            streams.put(name, stream);
        }
        return object();
    }

    private ObjectNode deleteStream(JsonNode req) {
        KinesisStream stream = stream(req);
        stream.markDeleted(clock.instant());
        sweep();
        return object();
    }

    private ObjectNode describeStream(JsonNode req, Wire wire) {
        KinesisStream stream = stream(req);
        Instant now = clock.instant();
        int limit = Requests.intIn(req, "Limit", "limit", 1, 10_000).orElse(100);
        Optional<String> after = Requests.optText(req, "ExclusiveStartShardId");
        List<KinesisShard> listed = stream.shards().stream()
                .filter(s -> after.map(a -> s.id().compareTo(a) > 0).orElse(true)).toList();
        ObjectNode response = object();
        ObjectNode d = response.putObject("StreamDescription");
        d.put("StreamName", stream.name());
        d.put("StreamARN", stream.arn());
        d.put("StreamStatus", stream.status(now));
        d.putObject("StreamModeDetails").put("StreamMode", stream.mode());
        ArrayNode shards = d.putArray("Shards");
        listed.stream().limit(limit).forEach(s -> shards.add(shard(s)));
        d.put("HasMoreShards", listed.size() > limit);
        d.put("RetentionPeriodHours", stream.retentionHours());
        d.set("StreamCreationTimestamp", wire.timestamp(stream.created().toEpochMilli()));
        d.putArray("EnhancedMonitoring").addObject().putArray("ShardLevelMetrics");
        d.put("EncryptionType", "NONE");
        return response;
    }

    private ObjectNode describeStreamSummary(JsonNode req, Wire wire) {
        KinesisStream stream = stream(req);
        ObjectNode response = object();
        ObjectNode d = response.putObject("StreamDescriptionSummary");
        d.put("StreamName", stream.name());
        d.put("StreamARN", stream.arn());
        d.put("StreamStatus", stream.status(clock.instant()));
        d.putObject("StreamModeDetails").put("StreamMode", stream.mode());
        d.put("RetentionPeriodHours", stream.retentionHours());
        d.set("StreamCreationTimestamp", wire.timestamp(stream.created().toEpochMilli()));
        d.putArray("EnhancedMonitoring").addObject().putArray("ShardLevelMetrics");
        d.put("EncryptionType", "NONE");
        d.put("OpenShardCount", stream.shards().size());
        d.put("ConsumerCount", 0);
        stream.maxRecordSizeKiB().ifPresent(kib -> d.put("MaxRecordSizeInKiB", kib));
        return response;
    }

    private ObjectNode listStreams(JsonNode req, Wire wire) {
        int limit = Requests.intIn(req, "Limit", "limit", 1, 10_000).orElse(100);
        Instant now = clock.instant();
        Optional<String> after = Requests.optText(req, "NextToken").map(KinesisEmulator::decodeToken)
                .or(() -> Requests.optText(req, "ExclusiveStartStreamName"));
        List<KinesisStream> all = streams.keySet().stream().sorted()
                .filter(n -> after.map(a -> n.compareTo(a) > 0).orElse(true))
                .map(n -> live(n, now)).filter(s -> s != null).toList();
        ObjectNode response = object();
        ArrayNode names = response.putArray("StreamNames");
        ArrayNode summaries = response.putArray("StreamSummaries");
        List<KinesisStream> page = all.subList(0, Math.min(limit, all.size()));
        for (KinesisStream s : page) {
            names.add(s.name());
            ObjectNode summary = summaries.addObject();
            summary.put("StreamName", s.name());
            summary.put("StreamARN", s.arn());
            summary.put("StreamStatus", s.status(now));
            summary.putObject("StreamModeDetails").put("StreamMode", s.mode());
            summary.set("StreamCreationTimestamp", wire.timestamp(s.created().toEpochMilli()));
        }
        response.put("HasMoreStreams", all.size() > limit);
        if (all.size() > limit) response.put("NextToken", encodeToken(page.getLast().name()));
        return response;
    }

    /**
     * ListShards: by StreamName / StreamARN, or by the NextToken of an earlier page alone (AWS refuses both together).
     * Every ShardFilter lists every shard, since shards are never closed here.
     */
    private ObjectNode listShards(JsonNode req) {
        Optional<String> token = Requests.optText(req, "NextToken");
        KinesisStream stream;
        Optional<String> after;
        if (token.isPresent()) {
            if (req.hasNonNull("StreamName") || req.hasNonNull("StreamARN") || req.hasNonNull("ExclusiveStartShardId")) {
                throw KinesisApiException.invalidArgument("NextToken and StreamName (or StreamARN, ExclusiveStartShardId) cannot"
                        + " be provided together.");
            }
            String[] parts = decodeToken(token.get()).split("\\|", 2);
            if (parts.length != 2) throw KinesisApiException.invalidArgument("Invalid NextToken.");
            stream = existing(parts[0]);
            after = Optional.of(parts[1]);
        } else {
            stream = stream(req);
            after = Requests.optText(req, "ExclusiveStartShardId");
            JsonNode filter = req.path("ShardFilter");
            if (filter.path("Type").asText("").equals("AFTER_SHARD_ID")) {
                after = Optional.of(Requests.text(filter, "ShardId", "shardFilter.shardId"));
            }
        }
        int max = Requests.intIn(req, "MaxResults", "maxResults", 1, 10_000).orElse(1000);
        Optional<String> from = after;
        List<KinesisShard> listed = stream.shards().stream()
                .filter(s -> from.map(a -> s.id().compareTo(a) > 0).orElse(true)).toList();
        ObjectNode response = object();
        ArrayNode shards = response.putArray("Shards");
        listed.stream().limit(max).forEach(s -> shards.add(shard(s)));
        if (listed.size() > max) {
            response.put("NextToken", encodeToken(stream.name() + "|" + listed.get(max - 1).id()));
        }
        return response;
    }

    private static ObjectNode shard(KinesisShard s) {
        ObjectNode o = object();
        o.put("ShardId", s.id());
        o.putObject("HashKeyRange").put("StartingHashKey", s.startingHashKey().toString())
                .put("EndingHashKey", s.endingHashKey().toString());
        o.putObject("SequenceNumberRange").put("StartingSequenceNumber", SequenceNumbers.format(s.startingSequence()));
        return o;
    }

    // ---- records ----

    private ObjectNode putRecord(JsonNode req) {
        KinesisStream stream = active(req);
        PreparedRecord record = prepare(req, stream, "");
        long[] sequence = record.shard().append(List.of(record.put(0)), sequences, clock.millis());
        ledger.add(Meter.KINESIS_PUT_UNITS, stream.name(), BillingUnits.putPayloadUnits(record.bytes()));
        return object().put("ShardId", record.shard().id()).put("SequenceNumber", SequenceNumbers.format(sequence[0]))
                .put("EncryptionType", "NONE");
    }

    /**
     * Every record goes to its shard; each shard receives its records in request order, in one step. The size and count
     * limits are the validating rules' (KinesisRules), applied before. No record fails: there are no throughput limits.
     */
    private ObjectNode putRecords(JsonNode req) {
        KinesisStream stream = active(req);
        JsonNode records = req.get("Records");
        if (records == null || !records.isArray()) {
            throw KinesisApiException.validation("null", "records", "not be null");
        }
        int n = records.size();
        long putUnits = 0;
        KinesisShard[] shardOf = new KinesisShard[n];
        Map<KinesisShard, List<KinesisShard.Put>> perShard = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            PreparedRecord r = prepare(records.get(i), stream, "records." + (i + 1) + ".member.");
            shardOf[i] = r.shard();
            perShard.computeIfAbsent(r.shard(), s -> new ArrayList<>()).add(r.put(i));
            putUnits += BillingUnits.putPayloadUnits(r.bytes());
        }
        long[] sequenceOf = new long[n];
        long now = clock.millis();
        perShard.forEach((shard, puts) -> {
            long[] given = shard.append(puts, sequences, now);
            for (int j = 0; j < given.length; j++) sequenceOf[puts.get(j).index()] = given[j];
        });
        ledger.add(Meter.KINESIS_PUT_UNITS, stream.name(), putUnits);
        ObjectNode response = object();
        response.put("FailedRecordCount", 0);
        ArrayNode out = response.putArray("Records");
        for (int i = 0; i < n; i++) {
            out.addObject().put("SequenceNumber", SequenceNumbers.format(sequenceOf[i])).put("ShardId", shardOf[i].id());
        }
        response.put("EncryptionType", "NONE");
        return response;
    }

    private record PreparedRecord(KinesisShard shard, String partitionKey, byte[] data) {
        KinesisShard.Put put(int index) {
            return new KinesisShard.Put(index, partitionKey, data, bytes());
        }

        /** The record's size as Kinesis counts it: data and partition key. */
        int bytes() {
            return data.length + partitionKey.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    /** A record's partition key and data, checked as AWS's request validation does, and the shard it goes to. */
    private PreparedRecord prepare(JsonNode record, KinesisStream stream, String memberPrefix) {
        JsonNode keyNode = record.get("PartitionKey");
        if (keyNode == null || keyNode.isNull()) {
            throw KinesisApiException.validation("null", memberPrefix + "partitionKey", "not be null");
        }
        String key = keyNode.asText();
        int length = key.codePointCount(0, key.length());
        if (length < 1) {
            throw KinesisApiException.validation(key, memberPrefix + "partitionKey", "have length greater than or equal to 1");
        }
        if (length > 256) {
            throw KinesisApiException.validation(key, memberPrefix + "partitionKey", "have length less than or equal to 256");
        }
        JsonNode dataNode = record.get("Data");
        if (dataNode == null || dataNode.isNull()) {
            throw KinesisApiException.validation("null", memberPrefix + "data", "not be null");
        }
        byte[] data;
        try {
            data = dataNode.binaryValue();
        } catch (IOException | IllegalArgumentException notBase64) {
            data = null;
        }
        if (data == null) {
            throw new KinesisApiException("SerializationException", "Data must be a blob (Base64 text in JSON)");
        }
        BigInteger hashKey;
        Optional<String> explicit = Requests.optText(record, "ExplicitHashKey");
        if (explicit.isPresent()) {
            hashKey = explicitHashKey(explicit.get());
        } else {
            MessageDigest md5 = MD5.get();
            hashKey = new BigInteger(1, md5.digest(key.getBytes(StandardCharsets.UTF_8)));
        }
        return new PreparedRecord(stream.shardFor(hashKey), key, data);
    }

    private static BigInteger explicitHashKey(String text) {
        BigInteger value = null;
        if (text.matches("0|[1-9][0-9]{0,38}")) value = new BigInteger(text);
        if (value == null || value.compareTo(MAX_HASH_KEY) > 0) {
            throw KinesisApiException.invalidArgument("Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]."
                    + " Specified value was " + text);
        }
        return value;
    }

    // ---- reading ----

    private ObjectNode getShardIterator(JsonNode req, Wire wire) {
        KinesisStream stream = active(req);
        String shardId = Requests.text(req, "ShardId", "shardId");
        String type = Requests.text(req, "ShardIteratorType", "shardIteratorType");
        KinesisShard shard = stream.shard(shardId).orElseThrow(() -> KinesisApiException.resourceNotFound(
                "Shard " + shardId + " in stream " + stream.name() + " under account " + accountId + " does not exist"));
        Optional<String> sequence = Requests.optText(req, "StartingSequenceNumber");
        JsonNode timestamp = req.get("Timestamp");
        Instant now = clock.instant();
        stream.trim(now);
        long position = switch (type) {
            case "TRIM_HORIZON", "LATEST" -> {
                if (sequence.isPresent()) throw sequenceMisuse();
                yield type.equals("LATEST") ? shard.end() : shard.trimHorizon();
            }
            case "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER" -> {
                String text = sequence.orElseThrow(KinesisEmulator::sequenceMisuse);
                long number = SequenceNumbers.parse(text).orElseThrow(() -> KinesisApiException.invalidArgument(
                        "StartingSequenceNumber " + text + " used in GetShardIterator on shard " + shardId + " in stream "
                                + stream.name() + " under account " + accountId + " is invalid."));
                if (number < shard.startingSequence() || number > shard.lastSequence().orElse(shard.startingSequence())) {
                    throw KinesisApiException.invalidArgument("StartingSequenceNumber " + text + " used in GetShardIterator on"
                            + " shard " + shardId + " in stream " + stream.name() + " under account " + accountId
                            + " is invalid because it did not come from this stream.");
                }
                yield shard.positionOf(number, type.equals("AFTER_SEQUENCE_NUMBER"));
            }
            case "AT_TIMESTAMP" -> {
                if (timestamp == null || timestamp.isNull()) {
                    throw KinesisApiException.invalidArgument("Must specify timestampInMillis parameter for iterator of type"
                            + " AT_TIMESTAMP. Current request has no timestamp parameter.");
                }
                yield shard.positionAt(wire.millisOf(timestamp));
            }
            default -> throw KinesisApiException.validation(type, "shardIteratorType", "satisfy enum value set:"
                    + " [AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST, AT_TIMESTAMP]");
        };
        return object().put("ShardIterator", iterator(stream, shard, position, now));
    }

    private static KinesisApiException sequenceMisuse() {
        // AWS's wording, as quoted in akkadotnet/Alpakka#160.
        return KinesisApiException.invalidArgument("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and"
                + " StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber.");
    }

    /**
     * An iterator names its stream by name and creation time ({@code NAME@MILLIS}; '@' cannot occur in a stream name),
     * so that an iterator of a deleted stream does not read a new stream of the same name.
     */
    private String iterator(KinesisStream stream, KinesisShard shard, long position, Instant issued) {
        return new ShardIteratorToken(stream.name() + "@" + stream.created().toEpochMilli(), shard.id(), position,
                issued.toEpochMilli()).encode(ITERATOR_PREFIX);
    }

    private ObjectNode getRecords(JsonNode req, Wire wire) {
        String token = Requests.text(req, "ShardIterator", "shardIterator");
        int limit = MAX_GET_RECORDS;
        JsonNode limitNode = req.get("Limit");
        if (limitNode != null && !limitNode.isNull()) {
            limit = limitNode.asInt();
            if (limit < 1) throw KinesisApiException.validation(limit, "limit", "have value greater than or equal to 1");
            if (limit > MAX_GET_RECORDS) {
                // API_GetRecords: "If you specify a value that is greater than 10,000, GetRecords throws
                // InvalidArgumentException."
                throw KinesisApiException.invalidArgument("Limit " + limit + " is greater than the maximum of "
                        + MAX_GET_RECORDS + " records per GetRecords call.");
            }
        }
        ShardIteratorToken it = ShardIteratorToken.decode(ITERATOR_PREFIX, token)
                .orElseThrow(() -> KinesisApiException.invalidArgument("Invalid ShardIterator."));
        Instant now = clock.instant();
        Instant issued = Instant.ofEpochMilli(it.issuedMillis());
        if (now.isAfter(issued.plus(ITERATOR_LIFETIME))) {
            // AWS's wording (e.g. awslabs/amazon-kinesis-client#701), with Java's Date format in UTC.
            throw new KinesisApiException("ExpiredIteratorException", "Iterator expired. The iterator was created at time "
                    + JAVA_DATE.format(issued) + " while right now it is " + JAVA_DATE.format(now) + " which is further in"
                    + " the future than the tolerated delay of " + ITERATOR_LIFETIME.toMillis() + " milliseconds.");
        }
        int at = it.streamArn().lastIndexOf('@');
        String name = at < 0 ? it.streamArn() : it.streamArn().substring(0, at);
        KinesisStream stream = live(name, now);
        if (stream == null || !it.streamArn().equals(name + "@" + stream.created().toEpochMilli())) {
            throw KinesisApiException.resourceNotFound("Stream " + name + " under account " + accountId + " not found.");
        }
        KinesisShard shard = stream.shard(it.shardId()).orElseThrow(() -> KinesisApiException.invalidArgument("Invalid ShardIterator."));
        stream.trim(now);
        KinesisShard.Read read = shard.read(it.position(), limit, MAX_GET_BYTES, now.toEpochMilli());
        ObjectNode response = object();
        ArrayNode out = response.putArray("Records");
        for (KinesisRecord r : read.records()) {
            ObjectNode o = out.addObject();
            o.put("SequenceNumber", SequenceNumbers.format(r.sequence()));
            o.set("ApproximateArrivalTimestamp", wire.timestamp(r.arrivalMillis()));
            o.put("Data", r.data());
            o.put("PartitionKey", r.partitionKey());
        }
        response.put("NextShardIterator", iterator(stream, shard, read.next(), now));
        response.put("MillisBehindLatest", read.behindMillis());
        return response;
    }

    // ---- tags, retention, limits ----

    private ObjectNode addTags(JsonNode req, KinesisStream stream) {
        Map<String, String> tags = tagMap(req.path("Tags"));
        if (tags.isEmpty()) throw KinesisApiException.validation("{}", "tags", "have length greater than or equal to 1");
        if (tags.size() > 10) {
            // API_AddTagsToStream: "You can assign up to 50 tags to a stream", and "up to 10 tags" per call.
            throw KinesisApiException.validation("{" + tags.size() + " tags}", "tags", "have length less than or equal to 10");
        }
        Map<String, String> merged = stream.tags();
        merged.putAll(tags);
        if (merged.size() > 50) {
            throw KinesisApiException.invalidArgument("Failed to add tags to stream " + stream.name() + " under account "
                    + accountId + " because a given stream cannot have more than 50 tags.");
        }
        stream.tag(tags);
        return object();
    }

    private ObjectNode removeTags(JsonNode req, KinesisStream stream, String field, String member) {
        JsonNode keys = req.get(field);
        if (keys == null || !keys.isArray()) throw KinesisApiException.validation("null", member, "not be null");
        List<String> list = new ArrayList<>();
        keys.forEach(k -> list.add(k.asText()));
        stream.untag(list);
        return object();
    }

    private ObjectNode listTagsForStream(JsonNode req) {
        KinesisStream stream = stream(req);
        int limit = Requests.intIn(req, "Limit", "limit", 1, 50).orElse(50);
        Optional<String> after = Requests.optText(req, "ExclusiveStartTagKey");
        List<Map.Entry<String, String>> tags = stream.tags().entrySet().stream()
                .filter(e -> after.map(a -> e.getKey().compareTo(a) > 0).orElse(true)).toList();
        ObjectNode response = object();
        ArrayNode out = response.putArray("Tags");
        tags.stream().limit(limit).forEach(e -> out.addObject().put("Key", e.getKey()).put("Value", e.getValue()));
        response.put("HasMoreTags", tags.size() > limit);
        return response;
    }

    private ObjectNode listTagsForResource(JsonNode req) {
        KinesisStream stream = streamByArn(Requests.text(req, "ResourceARN", "resourceARN"));
        ObjectNode response = object();
        ArrayNode out = response.putArray("Tags");
        stream.tags().forEach((k, v) -> out.addObject().put("Key", k).put("Value", v));
        return response;
    }

    private static Map<String, String> tagMap(JsonNode tags) {
        Map<String, String> map = new LinkedHashMap<>();
        if (tags.isObject()) tags.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText("")));
        return map;
    }

    /**
     * Retention between 24 and 8,760 hours. Asking for the current value is accepted and changes nothing (Terraform
     * relies on it on AWS: floci-io/floci#352); asking an increase for less, or a decrease for more, is refused.
     */
    private ObjectNode changeRetention(JsonNode req, boolean increase) {
        KinesisStream stream = stream(req);
        JsonNode hoursNode = req.get("RetentionPeriodHours");
        if (hoursNode == null || hoursNode.isNull()) {
            throw KinesisApiException.validation("null", "retentionPeriodHours", "not be null");
        }
        int hours = hoursNode.asInt();
        if (hours < MIN_RETENTION_HOURS || hours > MAX_RETENTION_HOURS) {
            throw KinesisApiException.invalidArgument("Minimum allowed retention period is " + MIN_RETENTION_HOURS
                    + " hours. Maximum allowed retention period is " + MAX_RETENTION_HOURS + " hours. Requested retention"
                    + " period (" + hours + " hours) is out of range.");
        }
        synchronized (stream) {
            int current = stream.retentionHours();
            if (increase && hours < current) {
                throw KinesisApiException.invalidArgument("Requested retention period (" + hours + " hours) for stream "
                        + stream.name() + " can not be shorter than existing retention period (" + current
                        + " hours). Use DecreaseRetentionPeriod API.");
            }
            if (!increase && hours > current) {
                throw KinesisApiException.invalidArgument("Requested retention period (" + hours + " hours) for stream "
                        + stream.name() + " can not be longer than existing retention period (" + current
                        + " hours). Use IncreaseRetentionPeriod API.");
            }
            stream.retentionHours(hours);
        }
        return object();
    }

    private ObjectNode updateMaxRecordSize(JsonNode req) {
        KinesisStream stream = streamByArn(Requests.text(req, "StreamARN", "streamARN"));
        JsonNode kib = req.get("MaxRecordSizeInKiB");
        if (kib == null || !kib.canConvertToInt() || kib.intValue() < 1024 || kib.intValue() > 10_240) {
            throw KinesisApiException.validation(kib == null ? "null" : kib.asText(), "maxRecordSizeInKiB",
                    "have value between 1024 and 10240");
        }
        stream.maxRecordSizeKiB(kib.intValue());
        return object();
    }

    private ObjectNode describeLimits() {
        int open = streams.values().stream().mapToInt(s -> s.shards().size()).sum();
        long onDemand = streams.values().stream().filter(s -> s.mode().equals("ON_DEMAND")).count();
        return object().put("ShardLimit", SHARD_LIMIT).put("OpenShardCount", open)
                .put("OnDemandStreamCount", onDemand).put("OnDemandStreamCountLimit", 50);
    }

    // ---- lookups ----

    /** The stream a request names by StreamName or StreamARN (AWS accepts either). */
    private KinesisStream stream(JsonNode req) {
        Optional<String> arn = Requests.optText(req, "StreamARN");
        if (arn.isPresent()) return streamByArn(arn.get());
        Optional<String> name = Requests.optText(req, "StreamName");
        if (name.isEmpty()) {
            throw KinesisApiException.invalidArgument("Either StreamName or StreamARN should be provided.");
        }
        return existing(streamName(name.get()));
    }

    private KinesisStream streamByArn(String arn) {
        String prefix = "arn:aws:kinesis:" + region + ":" + accountId + ":stream/";
        if (!arn.startsWith(prefix)) {
            if (!arn.matches("arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\\d{12}:stream/\\S+")) {
                throw KinesisApiException.invalidArgument("StreamARN " + arn + " is not a Kinesis stream ARN.");
            }
            throw KinesisApiException.resourceNotFound("Stream " + arn.substring(arn.indexOf("stream/") + 7)
                    + " under account " + arn.split(":")[4] + " not found.");
        }
        return existing(arn.substring(prefix.length()));
    }

    private KinesisStream existing(String name) {
        KinesisStream stream = live(name, clock.instant());
        if (stream == null) {
            // Recorded: localstack tests/aws/services/kinesis/test_kinesis.snapshot.json test_cbor_exceptions.
            throw KinesisApiException.resourceNotFound("Stream " + name + " under account " + accountId + " not found.");
        }
        return stream;
    }

    /**
     * For writes and iterators: an existing stream that is ACTIVE. Ferry's choice: a CREATING or DELETING stream is
     * not found, so that code which does not wait for ACTIVE fails locally too.
     */
    private KinesisStream active(JsonNode req) {
        KinesisStream stream = stream(req);
        String status = stream.status(clock.instant());
        if (!status.equals("ACTIVE")) {
            throw KinesisApiException.resourceNotFound("Stream " + stream.name() + " under account " + accountId
                    + " not found.");
        }
        return stream;
    }

    /** The stream of that name unless it is gone (its DELETING phase over, when it is dropped). */
    private KinesisStream live(String name, Instant now) {
        KinesisStream s = streams.get(name);
        if (s != null && s.gone(now, transition)) {
            streams.remove(name, s);
            return null;
        }
        return s;
    }

    /** Drops every deleted stream whose DELETING phase is over, so that deleted streams do not hold memory. */
    private void sweep() {
        Instant now = clock.instant();
        streams.values().removeIf(s -> s.gone(now, transition));
    }

    private static String streamName(String name) {
        if (name.length() > 128) {
            throw KinesisApiException.validation(name, "streamName", "have length less than or equal to 128");
        }
        if (name.isEmpty()) {
            throw KinesisApiException.validation(name, "streamName", "have length greater than or equal to 1");
        }
        if (!STREAM_NAME.matcher(name).matches()) {
            throw KinesisApiException.validation(name, "streamName", "satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
        return name;
    }

    private static String encodeToken(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw KinesisApiException.invalidArgument("Invalid NextToken.");
        }
    }

    private static ObjectNode object() {
        return NODES.objectNode();
    }

    /** Timestamps as the protocol writes them: CBOR epoch milliseconds, JSON epoch seconds with a fraction. */
    private record Wire(Protocol protocol) {
        JsonNode timestamp(long millis) {
            return protocol == Protocol.CBOR ? LongNode.valueOf(millis) : DecimalNode.valueOf(BigDecimal.valueOf(millis, 3));
        }

        long millisOf(JsonNode timestamp) {
            if (timestamp.isNumber()) {
                BigDecimal value = timestamp.decimalValue();
                return protocol == Protocol.CBOR ? value.longValue() : value.movePointRight(3).longValue();
            }
            try {
                return Instant.parse(timestamp.asText()).toEpochMilli();
            } catch (RuntimeException e) {
                throw new KinesisApiException("SerializationException", "Timestamp must be a timestamp, not " + timestamp);
            }
        }
    }
}
