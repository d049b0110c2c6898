package dev.daemonset.operator.sandbox.apiserver;

import java.util.regex.Pattern;

/**
 * Object names as the API server checks them on create: a DNS-1123 subdomain of at most 253
 * characters. Without the check the sandbox would store names a cluster refuses, and a controller
 * that builds names from other names (revisions, events) would pass here and fail in production.
 */
final class ObjectNames {
    static final int MAX_LENGTH = 253;
    static final Pattern SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    /** The API server's words for a value that is no DNS-1123 subdomain. */
    static final String SUBDOMAIN_MESSAGE =
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
                    + "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation "
                    + "is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private ObjectNames() {}

    /** Throws the API server's 422 when {@code name} cannot name an object of {@code kind}. */
    static void checkName(String kind, String name, boolean generated) {
        String problem = null;
        if (name.length() > MAX_LENGTH) {
            problem = "must be no more than " + MAX_LENGTH + " characters";
        } else if (!SUBDOMAIN.matcher(name).matches()) {
            problem = SUBDOMAIN_MESSAGE;
        }
        if (problem != null) {
            String field = generated ? "metadata.generateName" : "metadata.name";
            throw new ApiException(
                    422,
                    "Invalid",
                    kind + " \"" + name + "\" is invalid: " + field + ": Invalid value: \"" + name + "\": " + problem);
        }
    }
}
