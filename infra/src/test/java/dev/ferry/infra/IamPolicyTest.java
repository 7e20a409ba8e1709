package dev.ferry.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.infra.functions.WorkflowFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Least privilege: every statement names its resources, except where AWS offers nothing narrower. */
class IamPolicyTest {

    /** X-Ray's write actions support no resource-level permissions (the service authorization reference). */
    private static final Set<String> ACTIONS_WITHOUT_RESOURCE_TYPES =
            Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords");

    private static Templates templates;
    private static FerryStacks stacks;
    private static List<Map<?, ?>> statements;

    @BeforeAll
    static void synthesize() {
        stacks = TestApps.dev();
        templates = new Templates(stacks);
        statements = new ArrayList<>();
        for (Resource policy : templates.resources("AWS::IAM::Policy")) {
            policy.list("PolicyDocument.Statement").forEach(s -> statements.add((Map<?, ?>) s));
        }
        for (Resource role : templates.resources("AWS::IAM::Role")) {
            role.property("Policies").ifPresent(policies -> ((List<?>) policies).forEach(p ->
                    ((List<?>) ((Map<?, ?>) ((Map<?, ?>) p).get("PolicyDocument")).get("Statement"))
                            .forEach(s -> statements.add((Map<?, ?>) s))));
        }
    }

    @Test
    void onlyActionsWithoutResourceTypesAreGrantedOnEveryResource() {
        List<Map<?, ?>> wildcards = statements.stream().filter(s -> asList(s.get("Resource")).contains("*")).toList();
        assertThat(wildcards).as("the X-Ray statement of each function role").hasSize(12);
        assertThat(wildcards).allSatisfy(statement ->
                assertThat(asList(statement.get("Action"))).isSubsetOf(ACTIONS_WITHOUT_RESOURCE_TYPES));
    }

    @Test
    void noStatementAllowsEveryActionOfAService() {
        assertThat(statements).allSatisfy(statement -> assertThat(asList(statement.get("Action")))
                .noneMatch(action -> String.valueOf(action).endsWith("*")));
    }

    @Test
    void everyFunctionHasARoleOfItsOwnWithoutManagedPolicies() {
        List<Object> roles = new ArrayList<>();
        for (WorkflowFunction function : stacks.functions().functions().values()) {
            Resource resource = templates.resourceOf(function.function());
            roles.add(resource.require("Role"));
            Resource role = templates.requireReferenced(resource.stackName(), resource.require("Role"));
            assertThat(role.property("ManagedPolicyArns")).as(role.logicalId()).isEmpty();
        }
        assertThat(roles).doesNotHaveDuplicates();
    }

    @Test
    void theTracesApiMayOnlyReadTheAuditTable() {
        Resource role = templates.resourceOf(stacks.functions().function(Workflow.TRACES_API).role());
        List<Object> actions = new ArrayList<>();
        for (Resource policy : templates.resources(stacks.functions(), "AWS::IAM::Policy")) {
            if (policy.list("Roles").contains(Map.of("Ref", role.logicalId()))) {
                for (Object statement : policy.list("PolicyDocument.Statement")) {
                    actions.addAll(asList(((Map<?, ?>) statement).get("Action")));
                }
            }
        }
        assertThat(actions).filteredOn(a -> String.valueOf(a).startsWith("dynamodb:"))
                .containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:Query");
    }

    private static List<Object> asList(Object value) {
        return value instanceof List<?> list ? List.copyOf(list) : List.of(value);
    }
}
