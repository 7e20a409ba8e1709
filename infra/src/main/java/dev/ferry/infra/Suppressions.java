package dev.ferry.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.constructs.IConstruct;

/**
 * cdk-nag suppressions, written next to the resource they justify. Each one names the rule and gives the
 * reason a reviewer needs; {@code appliesTo} narrows an IAM suppression to the one finding it excuses.
 */
public final class Suppressions {

    private Suppressions() {
    }

    public static void suppress(IConstruct construct, String ruleId, String reason) {
        NagSuppressions.addResourceSuppressions(construct,
                List.of(NagPackSuppression.builder().id(ruleId).reason(reason).build()), true);
    }

    public static void suppress(IConstruct construct, String ruleId, String reason, List<String> appliesTo) {
        NagSuppressions.addResourceSuppressions(construct,
                List.of(NagPackSuppression.builder().id(ruleId).reason(reason).appliesTo(List.copyOf(appliesTo)).build()),
                true);
    }
}
