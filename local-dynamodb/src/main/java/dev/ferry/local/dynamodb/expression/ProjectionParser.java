package dev.ferry.local.dynamodb.expression;

import dev.ferry.local.dynamodb.expression.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A projection expression: document paths separated by commas, none overlapping or conflicting. */
final class ProjectionParser extends Parser {
    ProjectionParser(String source, ExpressionContext context) {
        super(source, ExpressionKind.PROJECTION, context);
    }

    @Override
    Set<String> keywords() {
        return Set.of();
    }

    ProjectionExpression parse() {
        return run(() -> {
            List<DocumentPath> paths = new ArrayList<>();
            paths.add(path());
            while (peek().is(Kind.COMMA)) {
                next();
                paths.add(path());
            }
            expectEnd();
            Documents.checkIndependent(paths, problems);
            return new ProjectionExpression(paths);
        });
    }
}
