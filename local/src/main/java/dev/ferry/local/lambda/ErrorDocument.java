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
            if (isRuntimeFrame(e)) {
                continue;
            }
            trace.add(e.getClassName() + "." + e.getMethodName() + "("
                    + (e.getFileName() == null ? "Unknown Source" : e.getFileName() + (e.getLineNumber() >= 0 ? ":" + e.getLineNumber() : ""))
                    + ")");
        }
        if (t.getCause() != null && t.getCause() != t) {
            doc.set("cause", of(t.getCause()));
        }
        return doc;
    }

    /** Frames of this runtime, reflection and thread plumbing say nothing about the function. */
    private static boolean isRuntimeFrame(StackTraceElement e) {
        if (e.getClassLoaderName() != null && e.getClassLoaderName().startsWith("function:")) {
            return false;
        }
        String c = e.getClassName();
        return c.startsWith("dev.ferry.local.") || c.startsWith("jdk.internal.") || c.startsWith("java.lang.reflect.")
                || c.startsWith("java.util.concurrent.") || c.equals("java.lang.VirtualThread") || c.equals("java.lang.Thread");
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
