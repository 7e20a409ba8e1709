package dev.ferry.local.cli;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The notifications table read through the data plane's DynamoDB endpoint: the default email sender writes one
 * item per email sent there, instead of mailing anyone.
 */
final class TableMailbox implements Mailbox, AutoCloseable {
    private final DynamoDbClient dynamodb;
    private final String table;

    TableMailbox(URI endpoint, Map<String, String> env, String table) {
        this.dynamodb = DynamoDbClient.builder().endpointOverride(endpoint)
                .region(Region.of(env.getOrDefault("AWS_REGION", "us-east-1")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        env.getOrDefault("AWS_ACCESS_KEY_ID", "local"), env.getOrDefault("AWS_SECRET_ACCESS_KEY", "local"))))
                .httpClient(UrlConnectionHttpClient.create()).build();
        this.table = table;
    }

    @Override
    public List<Email> sentFor(String correlationPrefix) {
        List<Email> emails = new ArrayList<>();
        dynamodb.scanPaginator(r -> r.tableName(table)
                        .filterExpression("begins_with(correlationId, :p)")
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(correlationPrefix))))
                .items().forEach(item -> emails.add(new Email(s(item, "to"), s(item, "template"), s(item, "subject"),
                        s(item, "correlationId"), s(item, "sentAt"))));
        emails.sort(Comparator.comparing(Email::sentAt));
        return emails;
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? "" : value.s();
    }

    @Override
    public void close() {
        dynamodb.close();
    }
}
