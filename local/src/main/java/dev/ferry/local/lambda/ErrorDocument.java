package dev.ferry.local.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Lambda's error response document: {@code {"errorMessage","errorType","stackTrace","cause"}}. */
final class ErrorDocument {
    static final ObjectMapper JSON = new ObjectMapper();

    private ErrorDocument() {}

    static ObjectNode of(Throwable t) {
        ObjectNode doc = JSON.createObjectNode();
        if (t.getMessage() != null) {
            doc.put("errorMessage", t.getMessage());
        }
        doc.put("errorType", t.getClass().getName());
        ArrayNode trace = doc.putArray("stackTrace");
        for (StackTraceElement e : t.getStackTrace()) {
            // The runtime's own frames (reflection, this runtime) say nothing about the function.
            if (e.getClassName().startsWith("dev.ferry.local.lambda.") || e.getClassName().startsWith("jdk.internal.reflect")
                    || e.getClassName().startsWith("java.lang.reflect.") || e.getClassName().startsWith("java.util.concurrent.")) {
                continue;
            }
            trace.add(e.toString());
        }
        if (t.getCause() != null && t.getCause() != t) {
            doc.set("cause", of(t.getCause()));
        }
        return doc;
    }

    static ObjectNode of(String errorType, String errorMessage) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("errorMessage", errorMessage);
        doc.put("errorType", errorType);
        return doc;
    }

    static InvokeResult.FunctionError failure(String requestId, ObjectNode doc) {
        return new InvokeResult.FunctionError(requestId, doc.path("errorType").asText(),
                doc.path("errorMessage").asText(""), doc.toString());
    }
}
