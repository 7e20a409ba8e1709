package dev.ferry.functions.api;

import dev.ferry.http.Problem;

/** Input a client must fix; the pipeline answers it with the problem, and nothing has been written. */
public final class InvalidRequest extends RuntimeException {

    private final transient Problem problem;

    public InvalidRequest(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public static InvalidRequest badRequest(String detail) {
        return new InvalidRequest(Problem.badRequest(detail));
    }

    public static InvalidRequest notFound(String detail) {
        return new InvalidRequest(Problem.notFound(detail));
    }

    public static InvalidRequest unprocessable(String detail) {
        return new InvalidRequest(Problem.of("unprocessable", "The request cannot be applied", 422, detail));
    }

    public Problem problem() {
        return problem;
    }
}
