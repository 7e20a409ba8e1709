package dev.ferry.infra.observability;

import dev.ferry.infra.DeploymentSettings;
import dev.ferry.infra.Workflow;
import dev.ferry.infra.functions.FunctionsStack;
import dev.ferry.infra.functions.WorkflowFunction;
import dev.ferry.infra.messaging.ConsumerQueue;
import dev.ferry.infra.messaging.MessagingStack;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * Alarms and a dashboard. A message in any dead-letter queue, a stream consumer falling behind, a function
 * error or throttle: each raises its own alarm, so that the alarm's name says what to look at.
 */
public final class ObservabilityStack extends Stack {

    /** A stream consumer this far behind the newest record is stuck or too slow. */
    public static final Duration ITERATOR_AGE_THRESHOLD = Duration.minutes(5);
    private static final Duration PERIOD = Duration.minutes(1);

    private final DeploymentSettings settings;
    private final List<Alarm> alarms = new ArrayList<>();

    public ObservabilityStack(Construct scope, String id, StackProps props, DeploymentSettings settings,
            MessagingStack messaging, FunctionsStack functions, RestApi api) {
        super(scope, id, props);
        this.settings = settings;

        Map<String, IQueue> deadLetters = new LinkedHashMap<>();
        for (Map.Entry<String, ConsumerQueue> entry : messaging.consumerQueues().entrySet()) {
            deadLetters.put(entry.getKey() + "DeadLetters", entry.getValue().deadLetterQueue());
        }
        deadLetters.put("StreamFailures", messaging.streamFailures());
        deadLetters.forEach((name, queue) -> alarm(name + "Depth",
                queue.metricApproximateNumberOfMessagesVisible(stat("Maximum")), 0,
                "Messages are waiting in " + name + ": inspect them, fix the cause, then redrive."));

        // A burst waits in the consumer queues by design (the mappings' maximum concurrency): alarm when it
        // waits too long or piles up, not when it merely exists.
        for (Map.Entry<String, ConsumerQueue> entry : messaging.consumerQueues().entrySet()) {
            IQueue queue = entry.getValue().queue();
            alarm(entry.getKey() + "BacklogAge", queue.metricApproximateAgeOfOldestMessage(stat("Maximum")),
                    Workflow.QUEUE_BACKLOG_AGE.toSeconds(), "The oldest message in " + entry.getKey() + " has waited more than "
                            + Workflow.QUEUE_BACKLOG_AGE.toMinutes() + " minutes: its consumer cannot keep up or is failing.");
            alarm(entry.getKey() + "BacklogDepth", queue.metricApproximateNumberOfMessagesVisible(stat("Maximum")),
                    Workflow.QUEUE_BACKLOG_DEPTH, "More than " + Workflow.QUEUE_BACKLOG_DEPTH + " messages wait in "
                            + entry.getKey() + ": a burst larger than its consumer drains in minutes.");
        }
        for (WorkflowFunction consumer : functions.streamConsumers()) {
            alarm(consumer.spec().name() + "IteratorAge", consumer.function().metric("IteratorAge", stat("Maximum")),
                    ITERATOR_AGE_THRESHOLD.toMilliseconds(),
                    consumer.spec().name() + " is more than " + ITERATOR_AGE_THRESHOLD.toMinutes()
                            + " minutes behind its stream.");
        }
        for (WorkflowFunction function : functions.functions().values()) {
            String name = function.spec().name();
            alarm(name + "Errors", function.function().metricErrors(stat("Sum")), 0,
                    name + " failed invocations.");
            alarm(name + "Throttles", function.function().metricThrottles(stat("Sum")), 0,
                    name + " was throttled: raise its concurrency or the account limit.");
        }
        alarm("Api5xx", api.metricServerError(stat("Sum")), 0, "The API answered with server errors.");

        settings.alarmEmail().ifPresent(this::notify);
        dashboard(deadLetters, functions, api);
    }

    /**
     * Sends every alarm, and its return to OK, to an email address through an encrypted topic. The topic needs
     * a key of its own: CloudWatch may not use the AWS managed SNS key, so this key's policy lets it.
     */
    private void notify(String email) {
        Key key = Key.Builder.create(this, "AlarmsKey")
                .description("Encrypts the " + settings.name("alarms") + " topic")
                .enableKeyRotation(true)
                .removalPolicy(settings.removalPolicy())
                .build();
        key.grant(new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
        Topic topic = Topic.Builder.create(this, "Alarms")
                .topicName(settings.name("alarms"))
                .masterKey(key)
                .enforceSsl(true)
                .build();
        topic.addSubscription(new EmailSubscription(email));
        SnsAction action = new SnsAction(topic);
        for (Alarm alarm : alarms) {
            alarm.addAlarmAction(action);
            alarm.addOkAction(action);
        }
        CfnOutput.Builder.create(this, "AlarmsTopicArn").value(topic.getTopicArn())
                .description("ARN of the topic that receives every alarm").build();
    }

    private static MetricOptions stat(String statistic) {
        return MetricOptions.builder().statistic(statistic).period(PERIOD).build();
    }

    private void alarm(String id, IMetric metric, Number threshold, String description) {
        alarms.add(Alarm.Builder.create(this, id)
                .alarmName(settings.name(id))
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                // No data means no messages, no invocations: nothing is wrong.
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build());
    }

    private void dashboard(Map<String, IQueue> deadLetters, FunctionsStack functions, RestApi api) {
        Dashboard dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(settings.name("ferry"))
                .build();
        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("# Ferry (" + settings.stage() + ")\nAPI, queues, streams and functions of the reference"
                        + " workflow. Every dead-letter queue, iterator age, error and throttle has an alarm.")
                .width(24).height(2).build());
        dashboard.addWidgets(
                graph("API requests and errors", List.of(api.metricCount(stat("Sum")),
                        api.metricClientError(stat("Sum")), api.metricServerError(stat("Sum")))),
                graph("API latency p99 (ms)", List.of(api.metricLatency(stat("p99")),
                        api.metricIntegrationLatency(stat("p99")))));
        List<IMetric> depths = new ArrayList<>();
        deadLetters.forEach((name, queue) -> depths.add(queue.metricApproximateNumberOfMessagesVisible(
                MetricOptions.builder().statistic("Maximum").period(PERIOD).label(name).build())));
        List<IMetric> iteratorAges = new ArrayList<>();
        for (WorkflowFunction consumer : functions.streamConsumers()) {
            iteratorAges.add(consumer.function().metric("IteratorAge", MetricOptions.builder()
                    .statistic("Maximum").period(PERIOD).label(consumer.spec().name()).build()));
        }
        dashboard.addWidgets(graph("Dead-letter depth", depths), graph("Stream iterator age (ms)", iteratorAges));
        List<IMetric> errors = new ArrayList<>();
        List<IMetric> throttles = new ArrayList<>();
        List<IMetric> durations = new ArrayList<>();
        for (WorkflowFunction function : functions.functions().values()) {
            String name = function.spec().name();
            errors.add(function.function().metricErrors(labelled("Sum", name)));
            throttles.add(function.function().metricThrottles(labelled("Sum", name)));
            durations.add(function.function().metricDuration(labelled("p99", name)));
        }
        dashboard.addWidgets(graph("Function errors", errors), graph("Function throttles", throttles),
                graph("Function duration p99 (ms)", durations));
    }

    private static MetricOptions labelled(String statistic, String label) {
        return MetricOptions.builder().statistic(statistic).period(PERIOD).label(label).build();
    }

    private static GraphWidget graph(String title, List<? extends IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(List.copyOf(metrics)).width(8).height(6).build();
    }

    public List<Alarm> alarms() {
        return alarms;
    }
}
