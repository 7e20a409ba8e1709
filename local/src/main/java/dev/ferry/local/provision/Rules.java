package dev.ferry.local.provision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.local.deployment.ScheduleRuleSpec;
import dev.ferry.local.deployment.ScheduleRuleSpec.RetryPolicy;
import dev.ferry.local.deployment.ScheduleRuleSpec.Target;
import dev.ferry.local.schedule.InvalidScheduleExpressionException;
import dev.ferry.local.schedule.ScheduleExpression;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code AWS::Events::Rule}s, collected rather than created: a rule with a {@code ScheduleExpression} and
 * Lambda targets becomes a {@link ScheduleRuleSpec} the runtime fires; a rule with only an
 * {@code EventPattern} is skipped, since nothing locally publishes to an event bus.
 */
final class Rules {

    static final String PATTERN_RULE = "AWS::Events::Rule (event pattern)";
    private static final int NAME_LIMIT = 64;
    private static final Pattern INPUT_PATH = Pattern.compile("\\$(\\.[A-Za-z0-9_-]+)*");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String region;
    private final String account;
    private final Functions functions;
    private final ProvisionLog log;
    private final List<ScheduleRuleSpec> rules = new ArrayList<>();

    Rules(String region, String account, Functions functions, ProvisionLog log) {
        this.region = region;
        this.account = account;
        this.functions = functions;
        this.log = log;
    }

    List<ScheduleRuleSpec> scheduleRules() {
        return List.copyOf(rules);
    }

    ResourceState rule(Resource resource) {
        Props p = resource.properties();
        String name = p.string("Name").orElseGet(() -> PhysicalNames.generate(
                resource.stack().stackName(), resource.logicalId(), NAME_LIMIT, ""));
        // EventBusName may be a name or an ARN; the default bus is left out of the rule's ARN and Ref.
        String bus = p.string("EventBusName").map(b -> b.substring(b.lastIndexOf('/') + 1)).orElse("default");
        boolean defaultBus = bus.equals("default");
        String arn = "arn:aws:events:" + region + ":" + account + ":rule/" + (defaultBus ? "" : bus + "/") + name;
        ResourceState state = ResourceState.of(defaultBus ? name : bus + "|" + name, "Arn", arn);
        Optional<String> schedule = p.string("ScheduleExpression");
        if (schedule.isEmpty()) {
            log.skipped(PATTERN_RULE, resource.stack().stackName(), resource.logicalId());
            log.note("EventBridge rules with only an EventPattern are not run: nothing publishes events to a local "
                    + "event bus (rules with a ScheduleExpression are)");
            return state;
        }
        if (!defaultBus) {
            throw new ProvisioningException(resource.describe() + ": EventBridge runs schedule expressions on the default "
                    + "event bus only, and this rule names bus " + bus + "; remove its EventBusName");
        }
        try {
            ScheduleExpression.parse(schedule.get());
        } catch (InvalidScheduleExpressionException e) {
            throw new ProvisioningException(resource.describe() + ": " + e.getMessage(), e);
        }
        String ruleState = p.string("State").orElse("ENABLED");
        if (!ruleState.equals("ENABLED") && !ruleState.equals("DISABLED")) {
            throw new ProvisioningException(resource.describe() + ": State " + ruleState
                    + " is not ENABLED or DISABLED, the states of a scheduled rule");
        }
        List<Target> targets = p.list("Targets").stream().map(this::target).toList();
        rules.add(new ScheduleRuleSpec(resource.logicalId(), name, arn, schedule.get().strip(),
                ruleState.equals("ENABLED"), targets));
        return state;
    }

    private Target target(Props t) {
        String arn = t.requireString("Arn");
        if (!arn.startsWith("arn:aws:lambda:") || !arn.contains(":function:")) {
            throw new ProvisioningException(t.owner() + ": target " + arn + " is not a Lambda function; the local "
                    + "runtime fires scheduled rules at Lambda functions only. Target a function, or leave this rule to AWS");
        }
        String functionArn = functions.arnOf(arn);
        if (!functions.contains(functionArn)) {
            throw new ProvisioningException(t.owner() + ": target " + arn + " is not a function of this cloud assembly");
        }
        if (t.has("InputTransformer")) {
            throw new ProvisioningException(t.owner() + ": InputTransformer is not applied locally; use Input (constant "
                    + "JSON) or InputPath, or no input to receive the scheduled event");
        }
        Optional<String> input = t.string("Input");
        input.ifPresent(json -> {
            try {
                MAPPER.readTree(json);
            } catch (JsonProcessingException e) {
                throw new ProvisioningException(t.owner() + ": Input must be valid JSON, got " + json);
            }
        });
        Optional<String> inputPath = t.string("InputPath");
        if (input.isPresent() && inputPath.isPresent()) {
            throw new ProvisioningException(t.owner() + ": Input and InputPath exclude each other; keep one");
        }
        inputPath.filter(path -> !INPUT_PATH.matcher(path).matches()).ifPresent(path -> {
            throw new ProvisioningException(t.owner() + ": InputPath " + path + " is not applied locally; only $ and "
                    + "dotted paths such as $.detail are");
        });
        Props retry = t.child("RetryPolicy");
        RetryPolicy defaults = RetryPolicy.defaults();
        RetryPolicy policy = new RetryPolicy(
                retry.integer("MaximumRetryAttempts").orElse(defaults.maximumRetryAttempts()),
                retry.integer("MaximumEventAgeInSeconds").map(Duration::ofSeconds).orElse(defaults.maximumEventAge()));
        return new Target(t.requireString("Id"), functionArn, input, inputPath, policy,
                t.child("DeadLetterConfig").string("Arn"));
    }
}
