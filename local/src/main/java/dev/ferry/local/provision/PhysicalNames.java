package dev.ferry.local.provision;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Names for resources whose template gives none, shaped as CloudFormation's
 * ({@code <stack>-<logicalId>-<SUFFIX>}, trimmed to the type's length limit). The suffix is derived from
 * the stack and logical id instead of being random, so provisioning the same assembly twice onto a kept
 * endpoint finds the same resources again.
 */
final class PhysicalNames {

    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int SUFFIX_LENGTH = 12;

    private PhysicalNames() {
    }

    /** A generated name at most {@code maxLength} long, ending with {@code ending} (e.g. {@code .fifo}) when given. */
    static String generate(String stackName, String logicalId, int maxLength, String ending) {
        String suffix = token(stackName + "/" + logicalId, SUFFIX_LENGTH, UPPER);
        int budget = maxLength - suffix.length() - ending.length() - 2;
        String stack = stackName;
        String logical = logicalId;
        if (stack.length() + logical.length() > budget) {
            // CloudFormation keeps the front of both parts; give the logical id at least half the room.
            int stackRoom = Math.max(budget - logical.length(), budget / 2);
            stack = stack.substring(0, Math.min(stack.length(), stackRoom));
            logical = logical.substring(0, Math.min(logical.length(), budget - stack.length()));
        }
        return stack + "-" + logical + "-" + suffix + ending;
    }

    /** A lower-case id such as API Gateway's ({@code a1b2c3d4e5}), stable for the same seed. */
    static String id(String seed, int length) {
        return token(seed, length, LOWER);
    }

    private static String token(String seed, int length, String alphabet) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt((hash[i % hash.length] & 0xff) % alphabet.length()));
        }
        return out.toString();
    }
}
