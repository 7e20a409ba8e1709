package dev.ferry.local.cost;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * AWS's published on-demand list prices for us-east-1, as read on {@link #readOn()}, one per {@link Meter}, each with
 * its pricing page. Free tiers are left out: the figures are what the requests cost once a free tier is used up.
 * Prices change; {@code docs/cost.md} says how to check and update them.
 */
public record PriceTable(String region, LocalDate readOn, Map<Meter, Price> prices) {
    private static final String DYNAMODB = "https://aws.amazon.com/dynamodb/pricing/on-demand/";
    private static final String SQS = "https://aws.amazon.com/sqs/pricing/";
    private static final String SNS = "https://aws.amazon.com/sns/pricing/";
    private static final String KINESIS = "https://aws.amazon.com/kinesis/data-streams/pricing/";
    private static final String LAMBDA = "https://aws.amazon.com/lambda/pricing/";
    private static final String API_GATEWAY = "https://aws.amazon.com/api-gateway/pricing/";
    private static final String EVENTBRIDGE = "https://aws.amazon.com/eventbridge/pricing/";
    private static final String CLOUDWATCH = "https://aws.amazon.com/cloudwatch/pricing/";
    private static final double MILLION = 1_000_000;

    public PriceTable {
        prices = Map.copyOf(prices);
        for (Meter m : Meter.values()) {
            if (!prices.containsKey(m)) throw new IllegalArgumentException("the price table has no price for " + m);
        }
    }

    /** us-east-1, read 2026-12-07. */
    public static PriceTable usEast1() {
        Map<Meter, Price> p = new EnumMap<>(Meter.class);
        for (Price price : List.of(
                new Price(Meter.DYNAMODB_WRITE_UNITS, 0.625 / MILLION, DYNAMODB, "on-demand, Standard table class"),
                new Price(Meter.DYNAMODB_READ_UNITS, 0.125 / MILLION, DYNAMODB, "on-demand, Standard table class"),
                new Price(Meter.DYNAMODB_STREAM_READS, 0, DYNAMODB,
                        "GetRecords made by Lambda triggers are free; other readers pay $0.02 per 100,000"),
                new Price(Meter.SQS_STANDARD_REQUESTS, 0.40 / MILLION, SQS, "first 100 billion requests a month"),
                new Price(Meter.SQS_FIFO_REQUESTS, 0.50 / MILLION, SQS, "first 100 billion requests a month"),
                new Price(Meter.SQS_EMPTY_RECEIVES, 0.40 / MILLION, SQS, "standard queue rate"),
                new Price(Meter.SNS_PUBLISHES, 0.50 / MILLION, SNS, "standard topics, 64 KB chunks"),
                new Price(Meter.SNS_SQS_DELIVERIES, 0, SNS, "deliveries to SQS queues are not charged"),
                new Price(Meter.SNS_LAMBDA_DELIVERIES, 0, SNS, "deliveries to Lambda functions are not charged"),
                new Price(Meter.KINESIS_PUT_UNITS, 0.014 / MILLION, KINESIS, "provisioned mode"),
                new Price(Meter.KINESIS_SHARD_HOURS, 0.015, KINESIS, "provisioned mode, 24 h retention"),
                new Price(Meter.LAMBDA_REQUESTS, 0.20 / MILLION, LAMBDA, "any architecture"),
                new Price(Meter.LAMBDA_DURATION, 0.0000133334, LAMBDA, "arm64, first 7.5 billion GB-seconds a month"),
                new Price(Meter.API_REQUESTS, 3.50 / MILLION, API_GATEWAY, "REST API, first 333 million requests a month"),
                new Price(Meter.SCHEDULED_INVOCATIONS, 0, EVENTBRIDGE,
                        "scheduled rules on the default bus publish no custom events"),
                new Price(Meter.LOG_BYTES, 0.50, CLOUDWATCH, "standard log class, per GB ingested"))) {
            p.put(price.meter(), price);
        }
        return new PriceTable("us-east-1", LocalDate.of(2026, 12, 7), p);
    }

    public Price price(Meter meter) {
        return prices.get(meter);
    }
}
