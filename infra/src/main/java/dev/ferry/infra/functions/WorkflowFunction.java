package dev.ferry.infra.functions;

import dev.ferry.infra.DeploymentSettings;
import dev.ferry.infra.FunctionSpec;
import dev.ferry.infra.Suppressions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * One function of the workflow with its own role, log group and, for API functions, a SnapStart version behind
 * a {@code live} alias. The role starts empty except for writing its own logs: every other permission is
 * granted by the stack for the resources the function's environment names.
 */
public final class WorkflowFunction extends Construct {

    public static final String LIVE_ALIAS = "live";

    private final FunctionSpec spec;
    private final Function function;
    private final Role role;
    private final LogGroup logGroup;
    private final Optional<Alias> alias;

    WorkflowFunction(Construct scope, DeploymentSettings settings, Code code, FunctionSpec spec,
            Map<String, String> environment) {
        super(scope, spec.name());
        this.spec = spec;
        String functionName = settings.name(spec.name());
        logGroup = LogGroup.Builder.create(this, "Logs")
                .logGroupName("/aws/lambda/" + functionName)
                .retention(settings.production() ? RetentionDays.THREE_MONTHS : RetentionDays.TWO_WEEKS)
                .removalPolicy(settings.removalPolicy())
                .build();
        // An own role instead of the default one with AWSLambdaBasicExecutionRole: logs go to this log group
        // only, not to any log group of the account.
        role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Execution role of " + functionName)
                .build();
        logGroup.grantWrite(role);
        function = Function.Builder.create(this, "Function")
                .functionName(functionName)
                .description(spec.name() + " of the Ferry reference workflow (" + settings.stage() + ")")
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(spec.handler())
                .code(code)
                .memorySize(spec.role().memoryMb())
                .timeout(spec.role().timeout())
                .environment(environment)
                .tracing(Tracing.ACTIVE)
                .role(role)
                .logGroup(logGroup)
                .snapStart(spec.role().snapStart() ? SnapStartConf.ON_PUBLISHED_VERSIONS : null)
                .build();
        if (spec.role().snapStart()) {
            Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "Published: the live alias points at the function's current version.");
        }
        alias = spec.role().snapStart()
                ? Optional.of(Alias.Builder.create(this, "LiveAlias")
                        .aliasName(LIVE_ALIAS)
                        .version(function.getCurrentVersion())
                        .build())
                : Optional.empty();

        Suppressions.suppress(role, "AwsSolutions-IAM5",
                "X-Ray's PutTraceSegments and PutTelemetryRecords support no resource-level permissions, so active"
                        + " tracing needs Resource '*'; every other statement of this role names its resources.",
                List.of("Resource::*"));
        Suppressions.suppress(function, "AwsSolutions-L1",
                "The workflow's jar is compiled for Java 21 (the project's language level, docs/architecture.md);"
                        + " java21 is a supported LTS runtime with SnapStart. Moving to a newer runtime is a"
                        + " deliberate project-wide change, not a per-function setting.");
    }

    public FunctionSpec spec() {
        return spec;
    }

    public Function function() {
        return function;
    }

    public Role role() {
        return role;
    }

    public LogGroup logGroup() {
        return logGroup;
    }

    /** What callers invoke: the {@code live} alias where there is one, the function otherwise. */
    public IFunction invocationTarget() {
        return alias.<IFunction>map(a -> a).orElse(function);
    }

    public Optional<Alias> alias() {
        return alias;
    }
}
