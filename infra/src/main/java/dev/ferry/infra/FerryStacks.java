package dev.ferry.infra;

import dev.ferry.infra.api.ApiStack;
import dev.ferry.infra.data.DataStack;
import dev.ferry.infra.functions.FunctionsStack;
import dev.ferry.infra.messaging.MessagingStack;
import dev.ferry.infra.observability.ObservabilityStack;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.constructs.Construct;

/** The app's five stacks, one concern each, wired through cross-stack references. */
public record FerryStacks(DataStack data, MessagingStack messaging, FunctionsStack functions, ApiStack api,
        ObservabilityStack observability) {

    public static FerryStacks create(Construct app, DeploymentSettings settings) {
        DataStack data = new DataStack(app, settings.stackName("data"),
                props(settings, "data", "tables of the Ferry reference workflow"), settings);
        MessagingStack messaging = new MessagingStack(app, settings.stackName("messaging"),
                props(settings, "messaging", "topics, queues and the event log of the Ferry reference workflow"), settings);
        FunctionsStack functions = new FunctionsStack(app, settings.stackName("functions"),
                props(settings, "functions", "functions and triggers of the Ferry reference workflow"), settings, data, messaging);
        ApiStack api = new ApiStack(app, settings.stackName("api"),
                props(settings, "api", "REST API of the Ferry reference workflow"), settings, functions);
        ObservabilityStack observability = new ObservabilityStack(app, settings.stackName("observability"),
                props(settings, "observability", "alarms and dashboard of the Ferry reference workflow"), settings, messaging,
                functions, api.api());
        Tags.of(app).add("project", "ferry");
        Tags.of(app).add("stage", settings.stage());
        return new FerryStacks(data, messaging, functions, api, observability);
    }

    private static StackProps props(DeploymentSettings settings, String concern, String what) {
        // Environment-agnostic: synthesizes offline, deploys to the account and region of the caller.
        return StackProps.builder()
                .stackName(settings.stackName(concern))
                .description("Ferry (" + settings.stage() + "): " + what)
                .build();
    }

    public List<Stack> all() {
        return List.of(data, messaging, functions, api, observability);
    }
}
