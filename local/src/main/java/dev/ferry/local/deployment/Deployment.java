package dev.ferry.local.deployment;

import java.util.List;
import java.util.Map;

/**
 * What a synthesized CDK app deploys that needs a runtime rather than a data-plane resource: the
 * functions, how events reach them (mappings, subscriptions, schedules), and the API in front of them.
 * The provisioner builds it from the cloud assembly after creating the tables, queues, topics and streams
 * (so every ARN and URL in it is the real one on the target endpoints); the local Lambda runtime runs it.
 */
public record Deployment(
        List<FunctionSpec> functions,
        List<EventSourceMappingSpec> eventSourceMappings,
        List<SnsLambdaSubscription> snsSubscriptions,
        List<ApiSpec> apis,
        /* Stack outputs by "StackName.OutputKey". */
        Map<String, String> outputs,
        /* EventBridge rules that run on a schedule, with their Lambda targets. */
        List<ScheduleRuleSpec> scheduleRules) {

    public Deployment {
        functions = List.copyOf(functions);
        eventSourceMappings = List.copyOf(eventSourceMappings);
        snsSubscriptions = List.copyOf(snsSubscriptions);
        apis = List.copyOf(apis);
        outputs = Map.copyOf(outputs);
        scheduleRules = List.copyOf(scheduleRules);
    }

    /** A deployment without scheduled rules. */
    public Deployment(List<FunctionSpec> functions, List<EventSourceMappingSpec> eventSourceMappings,
                      List<SnsLambdaSubscription> snsSubscriptions, List<ApiSpec> apis, Map<String, String> outputs) {
        this(functions, eventSourceMappings, snsSubscriptions, apis, outputs, List.of());
    }
}
